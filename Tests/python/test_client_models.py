"""Models through the client: predict and generate against the numpy reference, save/load/list/delete, and the
errors the worker answers with (code, message and data)."""
from __future__ import annotations

import numpy as np
import pytest

import elman
from client_fixtures import LONG_JOB, client, fresh_worker, reference  # noqa: F401  (fixtures)


@pytest.fixture(scope="module")
def trained(client: elman.Worker) -> str:
    return client.train(progress=False).model


def test_predict_follows_the_reference_on_the_seed_series(client: elman.Worker, trained: str, reference) -> None:
    weights = client.model_get(trained).weights
    predictions = client.predict(trained)
    assert predictions.dtype == np.float32 and predictions.shape == (20,)
    series = reference.sine()
    np.testing.assert_allclose(predictions, reference.predict(weights.w1, weights.w2, series[:-1]), atol=1e-5)
    assert np.abs(predictions - series[1:]).max() < 0.2  # the seed's network learned the sine


def test_predict_with_data_or_inputs(client: elman.Worker, trained: str) -> None:
    series = elman.Sine(start=0, stop=4, points=9)
    assert np.array_equal(client.predict(trained, series), client.predict(trained, inputs=series.values[:-1]))


def test_generate_follows_the_reference(client: elman.Worker, trained: str, reference) -> None:
    weights = client.model_get(trained).weights
    prime = elman.Sine().values[:5]
    values = client.generate(trained, prime, steps=30)
    assert values.shape == (30,)
    np.testing.assert_allclose(values, reference.generate(weights.w1, weights.w2, prime, 30), atol=1e-5)
    assert values[0] == client.predict(trained, inputs=prime)[-1]


def test_save_list_load_delete(client: elman.Worker, trained: str) -> None:
    client.model_save(trained, "seed-sine")
    listing = client.model_list()
    assert "seed-sine" in listing.saved and trained in [m.model for m in listing.models]
    loaded = client.model_load("seed-sine")
    assert loaded.model != trained and loaded.name == "seed-sine" and loaded.hidden_size == 6
    assert np.array_equal(client.predict(loaded.model), client.predict(trained))
    client.model_delete(loaded.model)
    assert loaded.model not in [m.model for m in client.model_list().models]


def test_an_error_carries_code_message_and_data(client: elman.Worker) -> None:
    with pytest.raises(elman.UnknownModel) as caught:
        client.predict("m999")
    error = caught.value
    assert (error.code, error.message, error.data) == (-32000, "unknown model", {"model": "m999"})
    assert isinstance(error, elman.ElmanError) and "model_list()" in str(error)


@pytest.mark.parametrize("params, param", [({"lr": -1.0}, "lr"), ({"truncation": 0}, "truncation"),
                                           ({"data": [1.0]}, "data")])
def test_invalid_params_name_the_parameter(client: elman.Worker, params: dict, param: str) -> None:
    with pytest.raises(elman.InvalidParams) as caught:
        client.train(progress=False, **params)
    assert caught.value.code == -32602 and caught.value.data["param"].startswith(param)


def test_each_error_code_has_its_exception(client: elman.Worker, fresh_worker: elman.Worker) -> None:
    with pytest.raises(elman.NoSavedModel):
        client.model_load("never-saved")
    with pytest.raises(elman.UnknownJob):
        client.job_status("j999999")
    with pytest.raises(elman.MethodNotFound):
        client.call("model.rename")
    with pytest.raises(elman.LimitExceeded):
        client.train(epochs=10**6, data=np.zeros(2000), progress=False)
    with pytest.raises(elman.StorageError):  # fresh_worker has no models folder
        fresh_worker.model_save(fresh_worker.train(epochs=1, progress=False).model, "x")


def test_a_model_in_training_is_busy(client: elman.Worker) -> None:
    job = elman.Job.from_wire(client.call("train", LONG_JOB))
    try:
        with pytest.raises(elman.JobNotFinished):
            client.model_delete(job.model)
        with pytest.raises(elman.JobWaitTimeout):
            client.job_wait(job.id, timeout=0)
    finally:
        client.job_cancel(job.id)
    assert client.job_wait(job.id, timeout=5).state == "cancelled"
