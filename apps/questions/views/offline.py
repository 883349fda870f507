"""What lets an attempt go on without the network: the attempt pages' service worker."""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@require_GET
@never_cache  # browsers check for a new worker on every registration
def service_worker(request):
    """Served from the site's root so that its scope covers /attempts/ and /en/attempts/."""
    return render(request, "questions/attempt_sw.js", content_type="text/javascript; charset=utf-8")
