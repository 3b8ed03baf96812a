from django.urls import path

from diaban.assignments.views import assignments, bulk, coverage, people, reform
from diaban.assignments.views import excel as excel_views

urlpatterns = [
    path("can-bo/", people.PersonListView.as_view(), name="person_list"),
    path("can-bo/chon/", people.PersonPickerView.as_view(), name="person_picker"),
    path("can-bo/them/", people.PersonEditView.as_view(), name="person_create"),
    path("can-bo/<id:pk>/sua/", people.PersonEditView.as_view(), name="person_edit"),
    path("can-bo/<id:pk>/chuc-vu/", people.PositionAddView.as_view(), name="position_add"),
    path("can-bo/<id:pk>/", people.PersonDetailView.as_view(), name="person_detail"),
    path("can-bo/<id:pk>/thoi-cong-tac/", people.PersonDepartView.as_view(), name="person_depart"),
    path("phan-cong/", assignments.AssignmentListView.as_view(), name="assignment_list"),
    path("phan-cong/them/", assignments.AssignmentCreateView.as_view(), name="assignment_create"),
    path("phan-cong/chon-dia-ban/", assignments.UnitPickerView.as_view(), name="unit_picker"),
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
    path("can-bo/xuat-excel/", excel_views.PersonExportView.as_view(), name="person_export"),
    path("can-bo/nhap-excel/", excel_views.PersonImportView.as_view(), name="person_import"),
    path("can-bo/mau-excel/", excel_views.PersonTemplateView.as_view(), name="person_template"),
    path("phan-cong/xuat-excel/", excel_views.AssignmentExportView.as_view(), name="assignment_export"),
    path("phan-cong/nhap-excel/", excel_views.AssignmentImportView.as_view(), name="assignment_import"),
    path("phan-cong/mau-excel/", excel_views.AssignmentTemplateView.as_view(), name="assignment_template"),
]
