"""Registers the app as a CAS service: the pattern from CAS_SERVICE_PATTERN, single logout on,
all attributes released. Run once after `migrate`: python3 manage.py shell < setup_service.py"""
import os

from cas_server.models import ReplaceAttributName, ServicePattern

pattern, _ = ServicePattern.objects.update_or_create(
    name="campus-id-verify",
    defaults={"pos": 1, "pattern": os.environ["CAS_SERVICE_PATTERN"], "single_log_out": True, "proxy": False, "proxy_callback": False},
)
ReplaceAttributName.objects.get_or_create(name="*", replace="", service_pattern=pattern)
print("service registered:", pattern.pattern)
