from django.urls import path

from diaban.assignments.views import assignments, bulk, coverage, departure, reform
from diaban.assignments.views import excel as excel_views

urlpatterns = [
    path("can-bo/<id:pk>/thoi-cong-tac/", departure.PersonDepartView.as_view(), name="person_depart"),
    path("phan-cong/", assignments.AssignmentListView.as_view(), name="assignment_list"),
    path("phan-cong/them/", assignments.AssignmentCreateView.as_view(), name="assignment_create"),
    path("phan-cong/quy-tac/", assignments.RuleListView.as_view(), name="rule_list"),
    path("phan-cong/sap-xep/", assignments.ReorganizationMovesView.as_view(), name="assignment_moves"),
    path("phan-cong/sap-xep-2025/", reform.ReformCarryView.as_view(), name="reform_carry"),
    path("phan-cong/sap-xep-2025/<id:pk>/", reform.ReformCarryView.as_view(), name="reform_carry_province"),
    path("phan-cong/<id:pk>/", assignments.AssignmentDetailView.as_view(), name="assignment_detail"),
    path("phan-cong/<id:pk>/ket-thuc/", assignments.AssignmentEndView.as_view(), name="assignment_end"),
    path("phan-cong/<id:pk>/luan-chuyen/", assignments.AssignmentRotateView.as_view(), name="assignment_rotate"),
    path("bao-phu/", coverage.CoverageView.as_view(), name="coverage"),
    path("bao-phu/<id:pk>/", coverage.CoverageView.as_view(), name="coverage_detail"),
    path("bao-phu/<id:pk>/phan-cong-nhieu/", bulk.BulkAssignView.as_view(), name="bulk_assign"),
    path("bao-phu/<id:pk>/xuat-excel/", coverage.CoverageExportView.as_view(), name="coverage_export"),
    path("phan-cong/xuat-excel/", excel_views.AssignmentExportView.as_view(), name="assignment_export"),
    path("phan-cong/nhap-excel/", excel_views.AssignmentImportView.as_view(), name="assignment_import"),
    path("phan-cong/mau-excel/", excel_views.AssignmentTemplateView.as_view(), name="assignment_template"),
]
