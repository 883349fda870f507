from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language


def language_links(request):
    """The current page in each language, for the switcher."""
    current = get_language()
    path = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(path, code), "current": code == current}
            for code, name in settings.LANGUAGES
        ]
    }
