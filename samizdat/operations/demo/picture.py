"""The demo's one photograph, drawn with Pillow so the repository ships no binary."""

import io

from PIL import Image, ImageDraw


def embankment_jpeg(width: int = 1800, height: int = 1000) -> bytes:
    """A dusk skyline over a river: gradient sky, sun, buildings, lamps and reflections."""
    img = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(img)
    horizon = int(height * 0.62)
    for y in range(horizon):  # sky: deep blue to warm orange
        t = y / horizon
        draw.line(
            [(0, y), (width, y)], fill=(int(30 + 215 * t), int(40 + 110 * t), int(90 + 20 * t))
        )
    draw.ellipse(
        [width * 0.62, horizon - 190, width * 0.62 + 150, horizon - 40], fill=(255, 214, 150)
    )
    x = 0
    heights = [210, 150, 290, 180, 330, 240, 160, 270, 200, 310, 170, 230, 140, 260]
    while x < width:  # skyline
        h = heights[(x // 130) % len(heights)]
        w = 100 + (x * 7) % 60
        draw.rectangle([x, horizon - h, x + w, horizon], fill=(28, 26, 38))
        for wy in range(horizon - h + 20, horizon - 20, 34):  # lit windows
            for wx in range(x + 14, x + w - 14, 26):
                if (wx + wy) % 3 == 0:
                    draw.rectangle([wx, wy, wx + 9, wy + 14], fill=(250, 204, 120))
        x += w + 8
    for y in range(horizon, height):  # river: darker reflection of the sky
        t = (y - horizon) / (height - horizon)
        draw.line([(0, y), (width, y)], fill=(int(60 - 40 * t), int(50 - 30 * t), int(80 - 40 * t)))
    for lx in range(60, width, 220):  # embankment lamps and their streaks on the water
        draw.line([(lx, horizon - 70), (lx, horizon)], fill=(15, 15, 20), width=6)
        draw.ellipse([lx - 12, horizon - 84, lx + 12, horizon - 60], fill=(255, 230, 170))
        draw.rectangle([lx - 3, horizon + 10, lx + 3, horizon + 160], fill=(200, 160, 100))
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, progressive=True)
    return out.getvalue()
