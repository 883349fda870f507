import time

from django.conf import settings
from django.contrib.auth import login
from django.contrib.auth.forms import UserCreationForm
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme

from quizsite.limits import client_ip, count_hit, seconds_left

SIGNUP_WINDOW_SECONDS = 3600


def signup(request):
    form = UserCreationForm(request.POST or None)
    if request.method == "POST":
        now = time.time()
        if count_hit("signup", client_ip(request), now, SIGNUP_WINDOW_SECONDS) > settings.QUIZLAB["SIGNUPS_PER_HOUR"]:
            wait = seconds_left(now, SIGNUP_WINDOW_SECONDS)
            response = render(request, "registration/signup_limited.html", {"minutes": wait // 60 + 1}, status=429)
            response["Retry-After"] = str(wait)
            return response
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[-1])
        target = request.POST.get("next", "")
        if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            return redirect(target)
        return redirect("home")
    return render(request, "registration/signup.html", {"form": form, "next": request.GET.get("next", "")})


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login (AXES_LOCKOUT_CALLABLE), in the page's language."""
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
    }
    return render(request, "registration/locked_out.html", context, status=429)
