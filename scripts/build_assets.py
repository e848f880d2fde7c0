"""Copy the NHS.UK design system's built CSS, JS and assets from node_modules into static files.

Nothing from the design system is kept in the repository: `make assets` runs npm and then this.
"""

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "node_modules" / "nhsuk-frontend" / "dist" / "nhsuk"
TARGET = ROOT / "opencmh" / "static" / "vendor" / "nhsuk"


def main() -> int:
    if not SOURCE.exists():
        print(
            f"nhsuk-frontend is not installed at {SOURCE}: run `npm install` first.",
            file=sys.stderr,
        )
        return 1
    if TARGET.exists():
        shutil.rmtree(TARGET)
    TARGET.mkdir(parents=True)
    for name in ("nhsuk-frontend.min.css", "nhsuk-frontend.min.js"):
        shutil.copy2(SOURCE / name, TARGET / name)
    shutil.copytree(SOURCE / "assets", TARGET / "assets")
    print(f"Built NHS.UK frontend assets into {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
