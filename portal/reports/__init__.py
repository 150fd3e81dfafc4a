"""Supervision (DESIGN §6): quarterly assessment sheets, the statutory annual report and the dashboard.

The reports only read the other apps' data through their querysets; every figure is computed from records,
except the annual report's manual inputs (`models.AnnualReportInput`) and the yearly rules (`models.AssessmentRule`).
"""
