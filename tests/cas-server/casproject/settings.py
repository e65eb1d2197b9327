"""Settings of the test CAS server. Everything comes from the environment the harness sets:
CAS_DB (SQLite file), CAS_USERS (JSON file of accounts), CAS_SERVICE_PATTERN (regex of allowed
service URLs)."""
import os

BASE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "cas_server",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]
ROOT_URLCONF = "casproject.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("CAS_DB", os.path.join(BASE_DIR, "cas.sqlite3"))}}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
USE_TZ = True
STATIC_URL = "/static/"
LANGUAGE_CODE = "en"
CAS_AUTH_CLASS = "casproject.auth.JsonFileAuthUser"
CAS_NEW_VERSION_HTML_WARNING = False
CAS_NEW_VERSION_EMAIL_WARNING = False
CAS_SHOW_POWERED = False
CAS_SHOW_SERVICE_MESSAGES = False
CAS_INFO_MESSAGES_ORDER = []
# Tickets live 60 s as in production; the tests need no longer.
CAS_TICKET_VALIDITY = int(os.environ.get("CAS_TICKET_VALIDITY", "60"))
# Log out from the CAS ends the CAS session, then redirects to the service given.
CAS_REDIRECT_TO_LOGIN_AFTER_LOGOUT = False
SESSION_COOKIE_NAME = "cas_sessionid"
CSRF_COOKIE_NAME = "cas_csrftoken"
LOGGING = {"version": 1, "disable_existing_loggers": False,
           "handlers": {"console": {"class": "logging.StreamHandler"}},
           "loggers": {"cas_server": {"handlers": ["console"], "level": "WARNING"}}}
