"""Default settings of the web app, and the environment variables that override them."""

from __future__ import annotations

DEFAULTS = {
    "KB_DIR": "kb",  # the knowledge base, read only by the debug server's automatic rebuild
    "DATA_DIR": "data",  # the built database and index (`kb build` output)
    "KB_REPO_URL": "",  # e.g. https://github.com/org/react-kb: enables "edit this entry" links
    "KB_REPO_BRANCH": "main",  # the branch those links edit
    "LANGUAGES": ("kk", "ru", "en"),  # interface languages, in switcher order
    "BABEL_DEFAULT_LOCALE": "ru",  # when neither a choice nor Accept-Language decides
    "BABEL_DEFAULT_TIMEZONE": "Asia/Almaty",  # for the build time on the about page
    "PAGE_LIMIT": 10,  # hits per section on the search page
    "SHEET_LIMIT": 5,  # items per section on the referral sheet
    "COOKIE_MAX_AGE": 365 * 24 * 3600,  # how long the language and city choices are remembered
    "ACCOUNTS_FILE": "",  # REActors who may sign in and see internal entries (`kb account NAME`); none by default
    "SECRET_KEY": "",  # signs the session cookie; random per start when empty (sessions end on restart)
    "SESSION_COOKIE_SECURE": False,  # force Secure cookies (behind an https proxy); https requests get it anyway
    "REPORT_EMAIL": "",  # maintainers' address: each contact card gets a "report outdated details" e-mail link
    "CLOCK": None,  # a function giving the current time (tests); the system clock when None
}

# Environment variable → setting.
ENVIRONMENT = {
    "KB_DIR": "KB_DIR",
    "KB_DATA": "DATA_DIR",
    "KB_REPO_URL": "KB_REPO_URL",
    "KB_REPO_BRANCH": "KB_REPO_BRANCH",
    "KB_ACCOUNTS": "ACCOUNTS_FILE",
    "KB_SECRET_KEY": "SECRET_KEY",
    "KB_COOKIE_SECURE": "SESSION_COOKIE_SECURE",
    "KB_REPORT_EMAIL": "REPORT_EMAIL",
}
