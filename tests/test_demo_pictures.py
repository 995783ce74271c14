"""The demo generator's pictures: drawn here (no download), the same for the same seed,
shared by the stories of a run, and shown on the pages like an editor's upload."""

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from articles.demo import pictures
from articles.models import Article, LeadImage

pytestmark = pytest.mark.django_db


def test_scenes_are_deterministic_and_differ_by_seed():
    first = pictures.draw(3, seed=7)
    assert first.size == pictures.SIZE == (1440, 810)
    assert first.tobytes() == pictures.draw(3, seed=7).tobytes()
    assert first.tobytes() != pictures.draw(3, seed=8).tobytes()
    assert first.tobytes() != pictures.draw(4, seed=7).tobytes()


def test_a_scene_suits_the_story_tags():
    chart = next(i for i, s in enumerate(pictures.SCENES) if s.key == "chart")
    stadium = next(i for i, s in enumerate(pictures.SCENES) if s.key == "stadium")
    assert pictures.scene_for(["أخبار العالم", "البورصة"], 0) == chart  # the world is the last resort
    assert pictures.scene_for(["كرة القدم"], 5) == stadium
    assert pictures.scene_for(["وسم بلا موضوع"], 5) == 5


def _pictured():
    return {
        pk: (image.file.name, image.renditions["jpeg"][0][2])
        for pk, image in ((i.pk, i) for i in LeadImage.objects.order_by("pk"))
    }


def test_generate_demo_gives_most_stories_a_shared_drawn_picture(client):
    call_command("generate_demo", 40, seed=11, verbosity=0)
    images = list(LeadImage.objects.all())
    assert 0.6 * 40 <= len(images) < 40  # most, not all
    originals = {image.file.name for image in images}
    assert len(originals) <= len(pictures.SCENES)  # a pool, not one picture per story
    for image in images:
        assert image.ready and image.alt and image.credit == "رسم نيوزروم"
        with default_storage.open(image.file.name) as stored, Image.open(stored) as opened:
            assert opened.size == (1440, 810)
    story = Article.objects.get(pk=images[0].pk)
    html = client.get(story.get_absolute_url()).content.decode()
    assert "<picture>" in html and 'fetchpriority="high"' in html
    assert images[0].renditions["share"][2] in html  # og:image


def test_same_seed_same_pictures_even_after_the_media_is_gone():
    call_command("generate_demo", 15, seed=11, verbosity=0)
    before = _pictured()
    names = {name for pair in before.values() for name in pair}
    Article.objects.all().delete()
    for name in names:
        default_storage.delete(name)
    call_command("generate_demo", 15, seed=11, verbosity=0)
    after = _pictured()
    # Rendition names carry their content's hash: the same names are the same bytes.
    assert sorted(after.values()) == sorted(before.values())


def test_no_pictures_on_request():
    call_command("generate_demo", 10, seed=11, no_pictures=True, verbosity=0)
    assert Article.objects.count() == 10 and not LeadImage.objects.exists()


def test_the_demo_front_page_leads_with_its_live_story_and_its_picture(client):
    call_command("generate_demo", 5, seed=11, live=True, verbosity=0)
    live = Article.objects.get(is_live=True)
    assert LeadImage.objects.get(article=live).ready
    html = client.get("/").content.decode()
    lead = html[html.index('class="lead'):][:3000]
    assert live.headline in lead and "<picture>" in lead
