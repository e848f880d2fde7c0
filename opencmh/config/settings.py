"""Settings for the OpenCMH care platform, read from environment variables only.

SQLite is the default database so a newcomer needs nothing installed; set DATABASE_URL
(for example postgres://user@host:5432/opencmh) for PostgreSQL.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from opencmh.config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DEVELOPMENT_SECRET_KEY = "opencmh-development-only-not-secret"

# "development" (default), "test" or "production".
ENVIRONMENT = env_str("OPENCMH_ENVIRONMENT", "development")
if ENVIRONMENT not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"OPENCMH_ENVIRONMENT must be development, test or production (got {ENVIRONMENT!r})."
    )
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = env_str("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"]
)

# Demo data and persona log-in: never in production.
NONPROD = env_bool("OPENCMH_NONPROD", default=not PRODUCTION)

if PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("Refusing to start: DEBUG is on in production.")
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "Refusing to start: set SECRET_KEY (or SECRET_KEY_FILE) to a secret of 32+ characters."
        )
    if NONPROD:
        raise ImproperlyConfigured(
            "Refusing to start: OPENCMH_NONPROD (demo log-in) is on in production."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Refusing to start: ALLOWED_HOSTS is empty in production.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "opencmh.core",
    "opencmh.organisations",
    "opencmh.people",
    "opencmh.referrals",
    "opencmh.care",
    "opencmh.physical_health",
    "opencmh.pathways",
    "opencmh.outcomes",
    "opencmh.employment",
    "opencmh.bereavement",
    "opencmh.nhsuk_forms",
]
if NONPROD:
    INSTALLED_APPS.append("opencmh.nonprod")

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "opencmh.config.urls"
WSGI_APPLICATION = "opencmh.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "opencmh" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"environment": "opencmh.config.jinja2_env.environment"},
    },
    {
        # Only for Django's admin site.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"), conn_max_age=60
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "core:sign_in"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:sign_in"

# Sign-in: Django accounts by default; OpenID Connect (NHS CIS2 / NHS login) when
# OIDC_RP_CLIENT_ID is set. Login throttling (django-axes) guards password sign-in.
OIDC_ENABLED = bool(env_str("OIDC_RP_CLIENT_ID", ""))
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if OIDC_ENABLED:
    INSTALLED_APPS.append("mozilla_django_oidc")
    AUTHENTICATION_BACKENDS.insert(1, "opencmh.core.oidc.OpenCMHOIDCBackend")
    OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID")
    OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET")
    OIDC_RP_SIGN_ALGO = env_str("OIDC_RP_SIGN_ALGO", "RS256")
    OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT")
    OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT")
    OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT")
    OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
    OIDC_CREATE_USER = False  # accounts are provisioned; sign-in only maps to them

AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = None
AXES_LOCKOUT_CALLABLE = "opencmh.core.views.auth.locked_out"
AXES_VERBOSE = False

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "opencmh" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Demo ICS size (people) loaded by `manage.py load_demo`.
DEMO_PEOPLE = env_int("OPENCMH_DEMO_PEOPLE", 5000)

# Caseloads flag people not seen (no attended contact) for longer than this.
CARE_DISENGAGEMENT_DAYS = env_int("CARE_DISENGAGEMENT_DAYS", 60)

# Early Intervention in Psychosis: the service's age policy (people outside it are flagged, never turned away).
EIP_MIN_AGE = env_int("EIP_MIN_AGE", 14)
EIP_MAX_AGE = env_int("EIP_MAX_AGE", 65)

# Suicide bereavement support: hours from referral to a first contact that reaches the person.
BEREAVEMENT_FIRST_CONTACT_HOURS = env_int("BEREAVEMENT_FIRST_CONTACT_HOURS", 72)
