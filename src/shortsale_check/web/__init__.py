"""The upload page and scan API (``shortsale-check serve``): FastAPI on uvicorn, everything served locally."""
