"""Fixtures of the AppTest modules: the files the app's download buttons hold. (The consultant's workspace,
db, ana and bea, is in tests/workspace_support.py: tests/storage/ uses it too.)"""

from __future__ import annotations

import pytest

from tests.apptest_support import RecordingManager, RecordingStorage


@pytest.fixture
def recorded_files(monkeypatch: pytest.MonkeyPatch) -> list[RecordingStorage]:
    RecordingStorage.instances = []
    RecordingManager.instances = []
    monkeypatch.setattr("streamlit.testing.v1.app_test.MediaFileManager", RecordingManager)
    monkeypatch.setattr("streamlit.testing.v1.app_test.MemoryMediaFileStorage", RecordingStorage)
    return RecordingStorage.instances
