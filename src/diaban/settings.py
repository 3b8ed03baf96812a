"""Settings, read from the environment so one package serves the demo, the tests and production.

DATABASE_URL          default: SQLite file var/diaban.sqlite3 under the current directory
DIABAN_SECRET_KEY     default: a random key kept in var/secret_key
DIABAN_DEBUG          "1"/"true" for development only: off by default, in the demo too (no debug pages)
DIABAN_ALLOWED_HOSTS  comma-separated, default 127.0.0.1,localhost
DIABAN_VAR_DIR        where the SQLite file and the generated key live, default ./var
DIABAN_MEDIA_DIR      uploaded attachments, default var/media
DIABAN_REPORT_DUE_DAYS  days after a cell meeting a cadre's report is due, default 5
DIABAN_VISIT_OVERLAP_DAYS  plans for one unit this many days apart are shown to each other, default 7
DIABAN_VISITS_PER_MONTH_MAX  trips a unit may receive in a month before it is "visited too often", default 2
DIABAN_MAX_UPLOAD_MB  largest attachment, default 10
DIABAN_EMAIL_HOST, _PORT, _USER, _PASSWORD, _TLS, _FROM   SMTP for reminders (console when no host)
DIABAN_HTTPS          "1" when served over HTTPS behind a proxy (nginx): secure cookies, HSTS, redirect to HTTPS
DIABAN_HSTS_SECONDS   how long browsers keep to HTTPS once told, default 31536000 (a year); with DIABAN_HTTPS only
DIABAN_HSTS_PRELOAD   "1" to ask for the browsers' preload list (a decision for the domain's owner), default off
"""

import os
from pathlib import Path

import dj_database_url
from django.contrib.messages import constants as message_constants
from django.utils.translation import gettext_lazy as _

PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(os.environ.get("DIABAN_VAR_DIR", Path.cwd() / "var"))


def _flag(name: str, default: str = "0") -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _flag("DIABAN_DEBUG")

SECRET_KEY = os.environ.get("DIABAN_SECRET_KEY", "")
if not SECRET_KEY:
    # Without a configured key, keep one per installation so sessions survive restarts.
    _key_file = VAR_DIR / "secret_key"
    if _key_file.exists():
        SECRET_KEY = _key_file.read_text().strip()
    else:
        from django.core.management.utils import get_random_secret_key

        SECRET_KEY = get_random_secret_key()
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        _key_file.write_text(SECRET_KEY)
        _key_file.chmod(0o600)

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("DIABAN_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "template_partials",
    "csp",
    "diaban.apps.DiabanConfig",
    "diaban.core",
    "diaban.territory",
    "diaban.people",
    "diaban.assignments",
    "diaban.feedback",
    "diaban.meetings",
    "diaban.visits",
    "diaban.guidance",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Security headers on every answer, error pages and static files included (see "Security headers" below).
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Static files from the package, with DEBUG off too (the demo and production alike; no separate web server
    # is needed for them).
    "diaban.core.static.StaticFilesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "diaban.urls"
WSGI_APPLICATION = "diaban.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "diaban.people.context_processors.account",
                "diaban.menu.menu",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or "sqlite:///{}".format(VAR_DIR / "diaban.sqlite3"),
        conn_max_age=60,
        # A kept connection the server closed (a restart, a failover) is replaced before a request uses it.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import writes.
    DATABASES["default"]["OPTIONS"] = {"init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise serves `collectstatic`'s copy when there is one, else the files straight from the package.
WHITENOISE_USE_FINDERS = True
# `collectstatic` also writes compressed copies, which WhiteNoise sends to browsers that accept them. Names stay
# unhashed, so pages work the same whether or not it has run (the demo and the tests do not run it).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Vietnamese pages for the errors Django answers itself (the URL configuration names the 403, 404 and 500 ones).
CSRF_FAILURE_VIEW = "diaban.core.errors.csrf_failure"
# Uploaded files (report photos, scanned minutes) are never served directly: a scoped view streams them.
MEDIA_ROOT = Path(os.environ.get("DIABAN_MEDIA_DIR", VAR_DIR / "media"))
MEDIA_URL = "/tep/"
# E-mail (reminders): Django's settings from the environment; without a host, messages go to the console.
EMAIL_HOST = os.environ.get("DIABAN_EMAIL_HOST", "")
EMAIL_PORT = int(os.environ.get("DIABAN_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("DIABAN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("DIABAN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("DIABAN_EMAIL_TLS", "1").lower() in ("1", "true", "yes")
DEFAULT_FROM_EMAIL = os.environ.get("DIABAN_EMAIL_FROM", "Địa Bàn <khong-tra-loi@localhost>")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
# Bootstrap names the error colour "danger".
MESSAGE_TAGS = {message_constants.ERROR: "danger"}

# A meeting report is due this many days after the meeting (DIABAN_REPORT_DUE_DAYS).
DIABAN_REPORT_DUE_DAYS = int(os.environ.get("DIABAN_REPORT_DUE_DAYS", "5"))
# Plans of different people for the same unit whose dates are at most this many days apart are shown to
# each other to be combined (DIABAN_VISIT_OVERLAP_DAYS).
DIABAN_VISIT_OVERLAP_DAYS = int(os.environ.get("DIABAN_VISIT_OVERLAP_DAYS", "7"))
# A unit receiving more trips than this in one month is "visited too often" (DIABAN_VISITS_PER_MONTH_MAX).
DIABAN_VISITS_PER_MONTH_MAX = int(os.environ.get("DIABAN_VISITS_PER_MONTH_MAX", "2"))
# Largest attachment accepted, in megabytes.
DIABAN_MAX_UPLOAD_MB = int(os.environ.get("DIABAN_MAX_UPLOAD_MB", "10"))


def _day(name: str):
    """A date from the environment, written dd/mm/yyyy (or empty)."""
    import datetime

    text = os.environ.get(name, "").strip()
    if not text:
        return None
    try:
        return datetime.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            "{}={!r}: viết ngày theo dạng ngày/tháng/năm, ví dụ 16/11/2026.".format(name, text)
        ) from None


# The day the product takes as today (DIABAN_TODAY, dd/mm/yyyy): unset in production. A training copy of the
# demo, or the tests, pin it so that "today", "upcoming" and "overdue" stay what the data was built for.
DIABAN_TODAY = _day("DIABAN_TODAY")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "diaban.core.api_errors.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "diaban.core.api.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "diaban.core.openapi.AutoSchema",
    "DATE_INPUT_FORMATS": ["%d/%m/%Y", "iso-8601"],
    # Every error as Vietnamese JSON (diaban.core.api_errors); JSON only: the API's page is /api/docs/, DRF's
    # browsable pages would show errors in English HTML.
    "EXCEPTION_HANDLER": "diaban.core.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
}
# The API's groups on its Swagger page: (Vietnamese tag, what it holds, first segments of the addresses in it).
_API_TAGS = [
    ("Địa bàn, tổ chức đảng", "Cây địa bàn hành chính và cây tổ chức đảng.", ["units", "organizations"]),
    (
        "Cán bộ",
        "Cán bộ, chức vụ, cấp ủy viên theo nhiệm kỳ, phòng ban và ngày nghỉ.",
        ["people", "positions", "memberships", "departments", "leaves"],
    ),
    (
        "Phân công",
        "Phân công theo dõi địa bàn, quy định phân công và độ bao phủ.",
        ["assignments", "assignment-rules", "coverage"],
    ),
    (
        "Sinh hoạt chi bộ",
        "Lịch sinh hoạt chi bộ, cán bộ dự, quy định dự, báo cáo dự sinh hoạt và tỉ lệ đạt quy định.",
        ["meetings", "attendances", "attendance-rules", "compliance", "meeting-reports", "quality-criteria"],
    ),
    (
        "Đi cơ sở",
        "Kế hoạch đi cơ sở và duyệt kế hoạch, báo cáo chuyến đi, số lượt đến mỗi địa bàn.",
        ["visit-plans", "trip-reports", "visit-counts"],
    ),
    (
        "Định hướng, góp ý",
        "Định hướng gửi cán bộ và người đã đọc, định hướng đã truyền đạt, dự thảo xin góp ý và ý kiến góp ý.",
        ["guidance", "guidance-receipts", "guidance-conveyed", "drafts", "draft-comments"],
    ),
    ("Rút kinh nghiệm", "Buổi rút kinh nghiệm của phòng, ban và phòng, ban đến kỳ.", ["review-sessions", "review-due"]),
    (
        "Kiến nghị",
        "Kiến nghị của cơ sở, nhóm kiến nghị tương tự, lĩnh vực, cơ quan giải quyết và thống kê.",
        ["recommendations", "recommendation-groups", "recommendation-topics", "agencies", "recommendation-trends"],
    ),
]
DIABAN_API_TAGS = {segment: tag for tag, _text, segments in _API_TAGS for segment in segments}
SPECTACULAR_SETTINGS = {
    "TITLE": "Địa Bàn API",
    # `<id:pk>` in addresses (diaban.core.ids): a 64-bit id.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "format": "int64", "minimum": 1}},
    "DESCRIPTION": "Theo dõi, hỗ trợ cơ sở: địa bàn, tổ chức đảng, cán bộ, phân công, sinh hoạt chi bộ, đi cơ sở, "
    "định hướng, góp ý, kiến nghị. Mọi kết quả chỉ trong phạm vi của người dùng.\n\n"
    "Đăng nhập bằng phiên của trình duyệt (yêu cầu ghi gửi kèm tiêu đề X-CSRFToken) hoặc bằng token "
    "(`Authorization: Token …`). Ngày gửi lên viết dd/mm/yyyy hoặc yyyy-mm-dd.\n\n"
    'Lỗi trả về JSON, bằng tiếng Việt: dữ liệu không hợp lệ (400) là `{"trường": ["lỗi", …]}`, lỗi không '
    'thuộc riêng trường nào ở `non_field_errors`; mọi lỗi khác là `{"detail": "…", "code": "…"}`, '
    "với `code` như `not_authenticated`, `permission_denied`, `not_found`, `conflict`, `request_too_large`.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The description and its Swagger page are for signed-in users (diaban.core.api_docs.SwaggerView).
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "TAGS": [{"name": tag, "description": text} for tag, text, _segments in _API_TAGS],
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "docExpansion": "none"},
    # Swagger UI served from our own static files: users sit on closed networks.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DepartureReasonEnum": "diaban.people.choices.DepartureReason",
        # A report's "status" beside a meeting's: each gets a name of its own.
        "MeetingStatusEnum": "diaban.meetings.choices.MeetingStatus",
        "ReportStatusEnum": "diaban.meetings.choices.ReportStatus",
        # Periods of attendance rules and of review sessions; kinds of meetings and of drafts for comment.
        "RulePeriodEnum": "diaban.meetings.choices.Period",
        "ReviewPeriodEnum": "diaban.guidance.choices.ReviewPeriod",
        "MeetingKindEnum": "diaban.meetings.choices.MeetingKind",
        "DraftKindEnum": "diaban.guidance.choices.DraftKind",
        "OrganizationKindEnum": "diaban.territory.choices.OrganizationKind",
        "SuccessionKindEnum": "diaban.territory.choices.SuccessionKind",
        # Recommendations: their status, channel and steps beside those of meetings, units and plans; who recorded
        # an attendance beside a recommendation's channel.
        "AttendanceSourceEnum": "diaban.meetings.choices.AttendanceSource",
        "RecommendationStatusEnum": "diaban.feedback.choices.RecommendationStatus",
        "RecommendationSourceEnum": "diaban.feedback.choices.RecommendationSource",
        "RecommendationActionEnum": "diaban.feedback.choices.EventAction",
        "AuthorityLevelEnum": "diaban.feedback.choices.AuthorityLevel",
        "RaiserKindEnum": "diaban.feedback.choices.RaiserKind",
        "AgencyKindEnum": "diaban.feedback.choices.AgencyKind",
        # The `code` of every API error.
        "ErrorCodeEnum": "diaban.core.api_errors.ERROR_CODES",
    },
}

# core must not import domain apps: it finds a user's scope through this function.
DIABAN_SCOPE_PROVIDER = "diaban.people.scope.scope_for_user"

# ---------------------------------------------------------------------------------------------------------
# Security headers

# Only our own files run or style a page: no inline script or style (a stored script could not run even if it got
# into a page), no eval (htmx is told so in base.html), no framing, no plugins. Images may be data: URLs, which
# Bootstrap's icons and Swagger UI use.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"  # for browsers that do not read frame-ancestors
SECURE_CONTENT_TYPE_NOSNIFF = True
# Addresses of our pages hold ids and searches: other sites are not told them.
SECURE_REFERRER_POLICY = "same-origin"
# Browser features the product never uses are refused to it and to anything embedded. The camera stays with the
# operating system: a report's photo is taken through the file chooser (`capture`), which needs no permission.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer", "autoplay", "camera", "display-capture", "encrypted-media", "fullscreen", "geolocation",
        "gyroscope", "hid", "idle-detection", "magnetometer", "microphone", "midi", "payment",
        "publickey-credentials-get", "screen-wake-lock", "serial", "usb", "xr-spatial-tracking",
    )
}  # fmt: skip

# Behind nginx over HTTPS (DIABAN_HTTPS=1): cookies only over HTTPS, browsers told to keep to HTTPS, plain HTTP
# redirected. nginx says the original scheme in X-Forwarded-Proto; it must set that header itself (deploy/).
DIABAN_HTTPS = _flag("DIABAN_HTTPS")
if DIABAN_HTTPS:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    # A monitor on the same machine asks the application directly, over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DIABAN_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _flag("DIABAN_HSTS_PRELOAD")
# Joining the browsers' preload list is the domain owner's decision (and hosts of a closed network cannot join):
# off unless asked, so `diaban check --deploy` does not call it a fault.
SILENCED_SYSTEM_CHECKS = [] if _flag("DIABAN_HSTS_PRELOAD") else ["security.W021"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

FORMAT_MODULE_PATH = ["diaban.formats"]
USE_THOUSAND_SEPARATOR = True
