from django import forms
from django.utils.translation import gettext_lazy as _

from apps.classes.models import Assignment, ClassGroup


class ClassForm(forms.ModelForm):
    class Meta:
        model = ClassGroup
        fields = ("name",)


class JoinForm(forms.Form):
    code = forms.CharField(label=_("Join code"), max_length=16)

    def clean_code(self):
        code = self.cleaned_data["code"].strip().upper().replace(" ", "").replace("-", "")
        group = ClassGroup.objects.filter(join_code=code).first()
        if group is None:
            raise forms.ValidationError(_("No class has this code. Check it with your instructor."))
        self.group = group
        return code


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ("quiz", "open_at", "close_at")
        widgets = {
            "open_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "close_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def __init__(self, *args, group: ClassGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.class_group = group

    def validate_unique(self):
        super().validate_unique()
        if Assignment.objects.filter(
            class_group=self.instance.class_group, quiz=self.cleaned_data.get("quiz")
        ).exists():
            self.add_error("quiz", _("This quiz is already assigned to the class."))
