"""A small hand-written client shaped like the generated ones, for the runtime tests.

It shows the intended wiring: models subclass ``BaseModel``, resource methods call
``self._client.request*(...)``, the client subclasses ``SyncAPIClient`` /
``AsyncAPIClient`` and offers ``with_raw_response`` through typed wrapper views.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Annotated, Any, Literal, cast

from pydantic import Field
from sdk._base_client import AsyncAPIClient, AuthScheme, RequestOptions, SyncAPIClient
from sdk._models import BaseModel
from sdk._pagination import AsyncCursorPage, CursorStyle, SyncCursorPage
from sdk._response import async_to_raw_response, to_raw_response
from sdk._streaming import AsyncStream, Stream
from sdk._types import NOT_GIVEN, FileInput, NotGiven

AUTH = AuthScheme(kind="bearer", header_name="Authorization", env_var="FAKE_API_KEY")

OPENAI_LIST = CursorStyle(param="after", cursor_field=None)  # next cursor = id of the last item
ANTHROPIC_LIST = CursorStyle(param="after_id", cursor_field="last_id", backward_param="before_id")


class JobError(BaseModel):
    code: str
    message: str
    param: str | None = None


class Hyperparameters(BaseModel):
    n_epochs: Literal["auto"] | int | None = None


class FineTuningJob(BaseModel):
    id: str
    created_at: int
    fine_tuned_model: str
    status: Literal["validating_files", "queued", "running", "succeeded", "failed", "cancelled"]
    object: Literal["fine_tuning.job"] = "fine_tuning.job"
    error: JobError | None = None
    hyperparameters: Hyperparameters | None = None
    result_files: list[str] = Field(default_factory=list)


class FileObject(BaseModel):
    id: str
    bytes: int
    filename: str


class Workspace(BaseModel):
    id: str
    name: str


class TextDelta(BaseModel):
    type: Literal["text.delta"]
    delta: str


class ResponseDone(BaseModel):
    type: Literal["response.done"]
    id: str


StreamEvent = Annotated[TextDelta | ResponseDone, Field(discriminator="type")]


class Jobs:
    def __init__(self, client: Client) -> None:
        self._client = client

    def resume(
        self, fine_tuning_job_id: str, *, options: RequestOptions | None = None
    ) -> FineTuningJob:
        return self._client.request(
            "post",
            "/fine_tuning/jobs/{fine_tuning_job_id}/resume",
            path_params={"fine_tuning_job_id": fine_tuning_job_id},
            cast_to=FineTuningJob,
            options=options,
        )

    def create(
        self,
        *,
        model: str,
        suffix: str | NotGiven | None = NOT_GIVEN,
        metadata: Mapping[str, str] | NotGiven | None = NOT_GIVEN,
        hyperparameters: Hyperparameters | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> FineTuningJob:
        return self._client.request(
            "post",
            "/fine_tuning/jobs",
            json_body={
                "model": model,
                "suffix": suffix,
                "metadata": metadata,
                "hyperparameters": hyperparameters,
            },
            cast_to=FineTuningJob,
            options=options,
        )

    def list(
        self,
        *,
        after: str | NotGiven = NOT_GIVEN,
        limit: int | NotGiven = NOT_GIVEN,
        metadata: Mapping[str, str] | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> SyncCursorPage[FineTuningJob]:
        return self._client.request_page(
            "get",
            "/fine_tuning/jobs",
            query={"after": after, "limit": limit, "metadata": metadata},
            item_type=FineTuningJob,
            cursor=OPENAI_LIST,
            options=options,
        )


class Files:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(
        self, *, file: FileInput, purpose: str, options: RequestOptions | None = None
    ) -> FileObject:
        return self._client.request(
            "post",
            "/files",
            multipart={"file": file, "purpose": purpose},
            cast_to=FileObject,
            options=options,
        )

    def content(self, file_id: str, *, options: RequestOptions | None = None) -> bytes:
        return self._client.request_bytes(
            "get", "/files/{file_id}/content", path_params={"file_id": file_id}, options=options
        )

    def stream_content(
        self, file_id: str, *, options: RequestOptions | None = None
    ) -> AbstractContextManager[Iterator[bytes]]:
        return self._client.request_stream_bytes(
            "get", "/files/{file_id}/content", path_params={"file_id": file_id}, options=options
        )


class Workspaces:
    def __init__(self, client: Client) -> None:
        self._client = client

    def list(
        self,
        *,
        after_id: str | NotGiven = NOT_GIVEN,
        before_id: str | NotGiven = NOT_GIVEN,
        limit: int | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> SyncCursorPage[Workspace]:
        return self._client.request_page(
            "get",
            "/v1/organizations/workspaces",
            query={"after_id": after_id, "before_id": before_id, "limit": limit},
            item_type=Workspace,
            cursor=ANTHROPIC_LIST,
            options=options,
        )


class Responses:
    def __init__(self, client: Client) -> None:
        self._client = client

    def create(self, *, input: str, options: RequestOptions | None = None) -> Stream[StreamEvent]:
        return self._client.request_events(
            "post",
            "/responses",
            json_body={"input": input, "stream": True},
            # A union alias is not a class: the cast keeps mypy happy, the return type says it.
            event_type=cast(Any, StreamEvent),
            options=options,
        )


class QuickClient(SyncAPIClient):
    """The bare runtime client with real but tiny backoff waits."""

    initial_retry_delay = 0.001
    max_retry_delay = 0.002


class JobsWithRawResponse:
    def __init__(self, jobs: Jobs) -> None:
        self.resume = to_raw_response(jobs.resume)
        self.list = to_raw_response(jobs.list)


class ClientWithRawResponse:
    def __init__(self, client: Client) -> None:
        self.jobs = JobsWithRawResponse(client.jobs)


class Client(SyncAPIClient):
    """The generated client: its __init__ accepts every SyncAPIClient keyword argument."""

    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None = None,
        auth: AuthScheme = AUTH,
        **options: Any,
    ) -> None:
        super().__init__(base_url=base_url, api_key=api_key, auth=auth, **options)
        self.sleeps: list[float] = []
        self.jobs = Jobs(self)
        self.files = Files(self)
        self.workspaces = Workspaces(self)
        self.responses = Responses(self)
        self.with_raw_response = ClientWithRawResponse(self)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)  # record the backoff instead of waiting


# The async twin, trimmed to what the async tests use.


class AsyncJobs:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def resume(
        self, fine_tuning_job_id: str, *, options: RequestOptions | None = None
    ) -> FineTuningJob:
        return await self._client.request(
            "post",
            "/fine_tuning/jobs/{fine_tuning_job_id}/resume",
            path_params={"fine_tuning_job_id": fine_tuning_job_id},
            cast_to=FineTuningJob,
            options=options,
        )

    async def list(
        self, *, after: str | NotGiven = NOT_GIVEN, options: RequestOptions | None = None
    ) -> AsyncCursorPage[FineTuningJob]:
        return await self._client.request_page(
            "get",
            "/fine_tuning/jobs",
            query={"after": after},
            item_type=FineTuningJob,
            cursor=OPENAI_LIST,
            options=options,
        )


class AsyncWorkspaces:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def list(
        self,
        *,
        after_id: str | NotGiven = NOT_GIVEN,
        before_id: str | NotGiven = NOT_GIVEN,
        options: RequestOptions | None = None,
    ) -> AsyncCursorPage[Workspace]:
        return await self._client.request_page(
            "get",
            "/v1/organizations/workspaces",
            query={"after_id": after_id, "before_id": before_id},
            item_type=Workspace,
            cursor=ANTHROPIC_LIST,
            options=options,
        )


class AsyncFiles:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def create(
        self, *, file: FileInput, purpose: str, options: RequestOptions | None = None
    ) -> FileObject:
        return await self._client.request(
            "post",
            "/files",
            multipart={"file": file, "purpose": purpose},
            cast_to=FileObject,
            options=options,
        )

    async def content(self, file_id: str) -> bytes:
        return await self._client.request_bytes(
            "get", "/files/{file_id}/content", path_params={"file_id": file_id}
        )

    def stream_content(self, file_id: str) -> AbstractAsyncContextManager[AsyncIterator[bytes]]:
        return self._client.request_stream_bytes(
            "get", "/files/{file_id}/content", path_params={"file_id": file_id}
        )


class AsyncResponses:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def create(self, *, input: str) -> AsyncStream[StreamEvent]:
        return await self._client.request_events(
            "post",
            "/responses",
            json_body={"input": input, "stream": True},
            event_type=cast(Any, StreamEvent),
        )


class AsyncJobsWithRawResponse:
    def __init__(self, jobs: AsyncJobs) -> None:
        self.resume = async_to_raw_response(jobs.resume)


class AsyncClientWithRawResponse:
    def __init__(self, client: AsyncClient) -> None:
        self.jobs = AsyncJobsWithRawResponse(client.jobs)


class AsyncClient(AsyncAPIClient):
    def __init__(
        self,
        *,
        base_url: str,
        api_key: str | None = None,
        auth: AuthScheme = AUTH,
        **options: Any,
    ) -> None:
        super().__init__(base_url=base_url, api_key=api_key, auth=auth, **options)
        self.sleeps: list[float] = []
        self.jobs = AsyncJobs(self)
        self.files = AsyncFiles(self)
        self.workspaces = AsyncWorkspaces(self)
        self.responses = AsyncResponses(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
