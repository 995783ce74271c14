"""Render a demo story in the raw text format editors import (like corpus/seed-article.txt)."""

from .generate import DemoStory


def render_raw(story: DemoStory) -> str:
    blocks = [story.headline]
    block_quotes = {q.position: q for q in story.quotes if q.kind == "block"}
    for position, paragraph in enumerate(story.paragraphs, start=1):
        blocks.append(paragraph)
        if position in block_quotes:
            blocks.append(block_quotes[position].text)
    blocks.append(f"المصدر: {story.source}")
    keywords = " ".join(name for name, weight in story.tags.items() for _ in range(weight))
    blocks.append(f"كلمات دلالية: {keywords}")
    if story.similar_titles:
        blocks.append("مقالات مشابهة")
        blocks.append("\n".join(f"  • {title}" for title in story.similar_titles))
    return "\n\n".join(blocks) + "\n"
