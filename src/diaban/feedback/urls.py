from django.urls import path

from diaban.feedback.views import groups, recommendation_detail, recommendations, trends

urlpatterns = [
    path("kien-nghi/", recommendations.RecommendationListView.as_view(), name="recommendation_list"),
    path("kien-nghi/ghi/", recommendations.RecommendationCreateView.as_view(), name="recommendation_create"),
    path(
        "kien-nghi/chon-dia-ban/",
        recommendations.RecommendationUnitPickerView.as_view(),
        name="recommendation_unit_picker",
    ),  # fmt: skip
    path("kien-nghi/thong-ke/", trends.TrendsView.as_view(), name="recommendation_trends"),
    path("kien-nghi/thong-ke.xlsx", trends.TrendsExcelView.as_view(), name="recommendation_trends_excel"),
    path("kien-nghi/tuong-tu/", recommendations.SimilarView.as_view(), name="recommendation_similar"),
    path("kien-nghi/<id:pk>/", recommendation_detail.RecommendationDetailView.as_view(), name="recommendation_detail"),
    path("kien-nghi/tep/<id:pk>/", recommendation_detail.AttachmentView.as_view(), name="recommendation_attachment"),
    path("kien-nghi/nhom/<id:pk>/", groups.GroupDetailView.as_view(), name="recommendation_group"),
]
