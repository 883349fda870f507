"""Admin pages for import (upload → preview → confirm) and export actions."""

from __future__ import annotations

import base64
import binascii

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from apps.questions.interchange import exporter, importer
from apps.questions.interchange.items import FormatError
from apps.questions.models import Topic

FORMAT_CHOICES = [("", _("From the file name (.gift, .xml, .txt)")), *((f, f) for f in importer.FORMATS)]
CONTENT_TYPES = {"gift": "text/plain", "moodle-xml": "application/xml", "aiken": "text/plain"}
EXTENSION = {"gift": "gift", "moodle-xml": "xml", "aiken": "txt"}


class ImportForm(forms.Form):
    file = forms.FileField(label=_("File"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, required=False)
    topic = forms.ModelChoiceField(
        label=_("Topic"), queryset=Topic.objects.all(), required=False, to_field_name="slug",
        help_text=_("Empty: topics from the file's categories."),
    )  # fmt: skip

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is None:
            return data
        if upload.size > importer.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 10 MB."))
        fmt = data.get("format") or importer.guess_format(upload.name)
        if not fmt:
            self.add_error("format", _("Choose the format: the file name does not tell it."))
            return data
        content = upload.read()
        try:
            data["items"] = importer.read_items(content, fmt)
        except FormatError as exc:
            raise forms.ValidationError(_("This file cannot be read as %(format)s: %(reason)s") % {
                "format": fmt, "reason": exc,
            }) from exc  # fmt: skip
        if not data["items"]:
            raise forms.ValidationError(_("The file holds no questions."))
        data["format"], data["content"] = fmt, content
        return data


class ConfirmForm(forms.Form):
    content = forms.CharField(widget=forms.HiddenInput)
    format = forms.ChoiceField(choices=[(f, f) for f in importer.FORMATS], widget=forms.HiddenInput)
    topic = forms.CharField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        try:
            content = base64.b64decode(data.get("content", ""), validate=True)
            data["items"] = importer.read_items(content, data.get("format", ""))
        except (binascii.Error, FormatError) as exc:
            raise forms.ValidationError(_("The upload was damaged on the way; upload the file again.")) from exc
        return data


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import questions (GIFT, Moodle XML, Aiken)"),
    }
    if request.method == "POST" and "confirm" in request.POST:
        confirm = ConfirmForm(request.POST)
        if confirm.is_valid():
            topic = confirm.cleaned_data["topic"] or None
            plan = importer.plan(confirm.cleaned_data["items"], topic=topic, fmt=confirm.cleaned_data["format"])
            created = importer.apply(plan)
            model_admin.message_user(
                request,
                ngettext("%d question imported as a draft.", "%d questions imported as drafts.", len(created))
                % len(created),
                messages.SUCCESS,
            )
            return redirect(reverse("admin:questions_question_changelist") + "?status__exact=draft")
        context.update(form=ImportForm(), errors=confirm.non_field_errors())
        return TemplateResponse(request, "admin/questions/question/import.html", context, status=400)
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            topic = data["topic"].slug if data.get("topic") else ""
            plan = importer.plan(data["items"], topic=topic or None, fmt=data["format"])
            context.update(
                plan=plan,
                format=data["format"],
                confirm=ConfirmForm(
                    initial={"content": base64.b64encode(data["content"]).decode(), "format": data["format"],
                             "topic": topic}
                ),
                position_label=_("question") if data["format"] == "moodle-xml" else _("line"),
            )  # fmt: skip
            return TemplateResponse(request, "admin/questions/question/import_preview.html", context)
        context["form"] = form
        return TemplateResponse(request, "admin/questions/question/import.html", context, status=400)
    context["form"] = ImportForm()
    return TemplateResponse(request, "admin/questions/question/import.html", context)


def export_response(queryset, fmt: str) -> HttpResponse:
    result = exporter.export(queryset, fmt)
    response = HttpResponse(result.text, content_type=f"{CONTENT_TYPES[fmt]}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questions.{EXTENSION[fmt]}"'
    return response
