from django.contrib import admin

from apps.classes.models import Assignment, ClassGroup, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    autocomplete_fields = ("student",)
    extra = 0


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0


@admin.register(ClassGroup)
class ClassGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "instructor", "join_code", "created_at")
    search_fields = ("name", "join_code", "instructor__username")
    readonly_fields = ("join_code",)
    inlines = [MembershipInline, AssignmentInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("instructor")
        # Instructors manage their own classes here too; superusers see every class.
        return queryset if request.user.is_superuser else queryset.filter(instructor=request.user)
