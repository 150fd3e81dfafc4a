"""The supervision models, until now in the portal app, become this app's.

The tables and their rows stay: the state adopts the portal app's tables (`portal.0005` drops them from that
app's state), then they are renamed to this app's names. The models' content types are relabelled rather
than created anew, so their permissions, the supervisors' grants of them and the admin's log entries follow.
"""

import django.core.validators
import django.db.models.deletion
from decimal import Decimal
from django.db import migrations, models

MODELS = ["assessmentrule", "annualreportinput", "reviewcase"]


def relabel_content_types(old_label, new_label):
    def relabel(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=old_label, model__in=MODELS
        ).update(app_label=new_label)
        ContentType.objects.clear_cache()

    return relabel


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("portal", "0005_report_models_move_to_reports_app"),
        ("catalog", "0002_roles"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AssessmentRule',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(unique=True, validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='年度')),
                        ('weight_coverage', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='目录覆盖率权重')),
                        ('weight_timeliness', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='按时公开率权重')),
                        ('weight_requests', models.PositiveSmallIntegerField(default=20, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='依申请按时答复率权重')),
                        ('weight_satisfaction', models.PositiveSmallIntegerField(default=15, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='满意率权重')),
                        ('weight_callbacks', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='差评按时回访率权重')),
                        ('weight_rectification', models.PositiveSmallIntegerField(default=10, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='差评整改率权重')),
                        ('weight_messages', models.PositiveSmallIntegerField(default=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='留言按时答复率权重')),
                        ('overdue_penalty', models.DecimalField(decimal_places=1, default=Decimal('2.0'), help_text='考核时仍逾期未答复的每件依申请公开申请扣减的分数。', max_digits=4, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='每件逾期申请扣分')),
                        ('green_min', models.DecimalField(decimal_places=1, default=Decimal('90.0'), max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='绿色等次最低分')),
                        ('yellow_min', models.DecimalField(decimal_places=1, default=Decimal('75.0'), help_text='低于此分为红色。', max_digits=5, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='黄色等次最低分')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='修改时间')),
                    ],
                    options={
                        'db_table': 'portal_assessmentrule',
                        'verbose_name': '考核规则',
                        'verbose_name_plural': '考核规则',
                        'ordering': ['-year'],
                    },
                ),
                migrations.CreateModel(
                    name='AnnualReportInput',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('year', models.PositiveSmallIntegerField(validators=[django.core.validators.MinValueValidator(2000), django.core.validators.MaxValueValidator(2100)], verbose_name='年度')),
                        ('licensing_decisions', models.PositiveIntegerField(default=0, verbose_name='行政许可本年处理决定数量')),
                        ('penalty_decisions', models.PositiveIntegerField(default=0, verbose_name='行政处罚本年处理决定数量')),
                        ('coercion_decisions', models.PositiveIntegerField(default=0, verbose_name='行政强制本年处理决定数量')),
                        ('fee_amount', models.DecimalField(decimal_places=4, default=Decimal('0'), max_digits=12, validators=[django.core.validators.MinValueValidator(0)], verbose_name='行政事业性收费本年收费金额（万元）')),
                        ('overview', models.TextField(blank=True, verbose_name='一、总体情况')),
                        ('problems', models.TextField(blank=True, verbose_name='五、存在的主要问题及改进情况')),
                        ('other_matters', models.TextField(blank=True, verbose_name='六、其他需要报告的事项')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='修改时间')),
                        ('division', models.ForeignKey(help_text='县人民政府选县，乡镇人民政府（街道办事处）选乡镇。', limit_choices_to={'level__in': ['county', 'township']}, on_delete=django.db.models.deletion.PROTECT, related_name='annual_report_inputs', to='catalog.division', verbose_name='政府（区划）')),
                    ],
                    options={
                        'db_table': 'portal_annualreportinput',
                        'verbose_name': '年度报告填报内容',
                        'verbose_name_plural': '年度报告填报内容',
                        'ordering': ['-year', 'division__code'],
                    },
                ),
                migrations.CreateModel(
                    name='ReviewCase',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('reconsideration', '行政复议'), ('lawsuit_direct', '行政诉讼（未经复议直接起诉）'), ('lawsuit_after', '行政诉讼（复议后起诉）')], max_length=16, verbose_name='类别')),
                        ('result', models.CharField(choices=[('upheld', '结果维持'), ('corrected', '结果纠正'), ('other', '其他结果'), ('pending', '尚未审结')], max_length=10, verbose_name='结果')),
                        ('case_number', models.CharField(blank=True, max_length=60, verbose_name='案号')),
                        ('note', models.CharField(blank=True, max_length=200, verbose_name='说明')),
                        ('report', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='cases', to='reports.annualreportinput', verbose_name='年度报告')),
                    ],
                    options={
                        'db_table': 'portal_reviewcase',
                        'verbose_name': '行政复议、行政诉讼案件',
                        'verbose_name_plural': '行政复议、行政诉讼案件',
                        'ordering': ['report', 'kind', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='annualreportinput',
                    constraint=models.UniqueConstraint(fields=('year', 'division'), name='one_annual_report_input_per_government_year', violation_error_message='该政府该年度的年度报告填报内容已存在，请修改原记录。'),
                ),
            ],
        ),
        migrations.AlterModelTable(name="assessmentrule", table=None),
        migrations.AlterModelTable(name="annualreportinput", table=None),
        migrations.AlterModelTable(name="reviewcase", table=None),
        migrations.RunPython(relabel_content_types("portal", "reports"), relabel_content_types("reports", "portal")),
    ]
