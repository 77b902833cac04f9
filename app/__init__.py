"""安查 AnCha: work-safety inspection checklists, findings and forms."""

__version__ = "0.1.0"
APP_NAME = "安查"
APP_ID = "AnCha"
