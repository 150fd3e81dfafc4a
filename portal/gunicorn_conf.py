"""gunicorn's settings for the portal, loaded with `gunicorn -c python:portal.gunicorn_conf portal.wsgi`.

The access log names each request by its path alone: gunicorn's default line (`%(r)s`, the whole request line)
would keep every query string, and with it what citizens searched for and what clerks looked up in the admin
(`?q=` with a name or a phone number). The client is the address the county's proxy puts in X-Real-IP (see
README, production deployment), then the proxy's own.
"""

accesslog = "-"
access_log_format = '%({x-real-ip}i)s %(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)s'
