from bot import model_cache


def test_model_name_changes_when_training_data_changes(tmp_path, monkeypatch):
    data = tmp_path / "data"
    data.mkdir()
    (data / "nlu.yml").write_text("a")
    monkeypatch.setattr(model_cache, "MODEL_INPUTS", (data,))
    monkeypatch.setattr(model_cache.project, "ROOT", tmp_path)
    before = model_cache.inputs_hash()
    assert model_cache.inputs_hash() == before
    (data / "nlu.yml").write_text("b")
    assert model_cache.inputs_hash() != before


def test_a_cached_model_is_reused_instead_of_retraining(tmp_path, monkeypatch):
    monkeypatch.setattr(model_cache, "MODEL_INPUTS", ())
    monkeypatch.setattr(model_cache.project, "ROOT", tmp_path)
    monkeypatch.setattr(model_cache.project, "MODELS", tmp_path / "models")
    monkeypatch.setenv("HELPLINE_MODEL_CACHE", str(tmp_path / "cache"))
    name = model_cache.model_path().name
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / name).write_bytes(b"model")
    monkeypatch.setattr(model_cache.subprocess, "run", lambda *a, **k: (_ for _ in ()).throw(AssertionError("trained")))
    assert model_cache.ensure_model().read_bytes() == b"model"
