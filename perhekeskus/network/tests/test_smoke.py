from perhekeskus.network.models import LifeStage, ServiceType, TargetGroup


def test_lookups_are_seeded(db):
    assert LifeStage.objects.count() == 6
    assert TargetGroup.objects.filter(code="fathers").exists()
    assert ServiceType.objects.get(code="family_cafe").parent.code == "meeting_places"
