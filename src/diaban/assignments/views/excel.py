"""Excel pages of assignments: the export of the assignment list (as filtered, every page), the import template
and the import page."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from diaban.assignments import excel
from diaban.assignments.models import Assignment
from diaban.assignments.views.assignments import AssignmentListView
from diaban.core.excel import xlsx_response
from diaban.core.import_views import ImportView
from diaban.people.views.mixins import ManagerRequiredMixin


class AssignmentExportView(AssignmentListView):
    """The assignment list with the same filters and scope as the page, every page of it."""

    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.assignments_workbook(self.get_queryset()), "phan-cong.xlsx")


class AssignmentTemplateView(LoginRequiredMixin, View):
    def get(self, request, *args, **kwargs):
        return xlsx_response(excel.assignments_template(), "mau-phan-cong.xlsx")


class AssignmentImportView(LoginRequiredMixin, ManagerRequiredMixin, ImportView):
    model = Assignment
    title = _("Nhập phân công từ Excel")
    template_url_name, list_url_name = "assignment_template", "assignment_list"
    columns = excel.ASSIGNMENT_COLUMNS

    def run(self, workbook_file):
        return excel.assignments_import(actor=self.request.user, workbook_file=workbook_file)
