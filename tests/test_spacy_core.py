"""spaCy imported without its command line (start-up cost) still gives the real spaCy afterwards."""

from __future__ import annotations

import subprocess
import sys


def test_spacy_core_leaves_no_placeholder_and_the_real_cli_loads() -> None:
    code = (
        "import sys\n"
        "from shortsale_check import spacy_core\n"
        "assert 'spacy.cli' not in sys.modules and 'spacy.cli.info' not in sys.modules\n"
        "assert spacy_core.spacy.blank('en')('Deficiency waived.')[1].text == 'waived'\n"
        "import spacy.cli\n"
        "assert hasattr(spacy.cli, 'download') and callable(spacy_core.spacy.info)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
