"""A small hand-written client shaped like the generated ones, for the runtime tests.

It shows the intended wiring: models subclass ``BaseModel``, resource methods call
``self._client.request*(...)``, the client subclasses ``SyncAPIClient`` /
``AsyncAPIClient`` and offers ``with_raw_response`` and ``with_streaming_response``
through typed wrapper views. Each response kind has its call: ``request`` (JSON),
``request_list`` (a page class per pagination kind), ``request_events`` (server-sent
events, any method), ``request_jsonl`` (JSON Lines), ``request_binary`` (files); cookie
parameters go in ``cookies=``. Async list methods are plain ``def``s returning an
``AsyncPaginator``, so that ``async for`` needs no ``await``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Mapping
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import Annotated, Any, ClassVar, Literal, cast

from pydantic import Field
from sdk._base_client import AsyncAPIClient, AuthScheme, RequestOptions, SyncAPIClient
from sdk._exceptions import STATUS_ERRORS, APIStatusError, ErrorCatalog
from sdk._jsonl import AsyncJSONLDecoder, JSONLDecoder
from sdk._models import BaseModel
from sdk._pagination import (
    AsyncCursorPage,
    AsyncPage,
    AsyncPaginator,
    CursorStyle,
    Pagination,
    SyncCursorPage,
    SyncOffsetPage,
    SyncPage,
    SyncPageNumberPage,
    SyncTokenPage,
)
from sdk._response import (
    AsyncBinaryAPIResponse,
    BinaryAPIResponse,
    async_to_raw_response,
    async_to_streamed_response,
    to_raw_response,
    to_streamed_response,
)
from sdk._streaming import AsyncStream, Stream
from sdk._types import NOT_GIVEN, FileInput, NotGiven

AUTH = AuthScheme(kind="bearer", header_name="Authorization", env_var="FAKE_API_KEY")

OPENAI_LIST = CursorStyle(param="after", cursor_field=None)  # next cursor = id of the last item
ANTHROPIC_LIST = CursorStyle(param="after_id", cursor_field="last_id", backward_param="before_id")

# The descriptors the generator writes as `x-refgen-pagination`, one per list operation.
JOBS_PAGINATION = Pagination(kind="cursor", param="after", has_more_field="has_more")
WORKSPACES_PAGINATION = Pagination(
    kind="cursor",
    param="after_id",
    cursor_field="last_id",
    backward_param="before_id",
    backward_cursor_field="first_id",
    has_more_field="has_more",
)
SKILLS_PAGINATION = Pagination(kind="token", param="page", cursor_field="next_page")
REPORTS_PAGINATION = Pagination(kind="page", param="page", total_pages_field="total_pages")
EVENTS_PAGINATION = Pagination(
    kind="offset", param="offset", limit_param="limit", has_more_field="has_more"
)


class BillingError(APIStatusError):
    """402: an API-specific status, added to the catalog as a generated client does."""


ERRORS = ErrorCatalog(
    classes={**STATUS_ERRORS, 402: BillingError},
    statuses_by_type={**ErrorCatalog().statuses_by_type, "billing_error": 402},
)


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


class BatchResult(BaseModel):
    custom_id: str
    result: dict[str, Any]


class SessionEvent(BaseModel):
    type: str
    text: str | None = None


class Session(BaseModel):
    id: str


class Skill(BaseModel):
    id: str


class Report(BaseModel):
    id: str


class Event(BaseModel):
    id: str


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
        return self._client.request_list(
            "get",
            "/fine_tuning/jobs",
            query={"after": after, "limit": limit, "metadata": metadata},
            page=SyncCursorPage[FineTuningJob],
            item_type=FineTuningJob,
            pagination=JOBS_PAGINATION,
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

    def download(self, file_id: str, *, options: RequestOptions | None = None) -> BinaryAPIResponse:
        return self._client.request_binary(
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
    ) -> SyncPage[Workspace]:
        return self._client.request_list(
            "get",
            "/v1/organizations/workspaces",
            query={"after_id": after_id, "before_id": before_id, "limit": limit},
            page=SyncPage[Workspace],
            item_type=Workspace,
            pagination=WORKSPACES_PAGINATION,
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


class Batches:
    def __init__(self, client: Client) -> None:
        self._client = client

    def results(self, batch_id: str) -> JSONLDecoder[BatchResult]:
        return self._client.request_jsonl(
            "get",
            "/v1/messages/batches/{batch_id}/results",
            path_params={"batch_id": batch_id},
            line_type=BatchResult,
        )


class Sessions:
    def __init__(self, client: Client) -> None:
        self._client = client

    def retrieve(self, session_id: str, *, session_token: str | NotGiven = NOT_GIVEN) -> Session:
        return self._client.request(
            "get",
            "/v1/sessions/{session_id}",
            path_params={"session_id": session_id},
            cookies={"session_token": session_token},
            cast_to=Session,
        )

    def stream_events(self, session_id: str) -> Stream[SessionEvent]:
        # A GET that answers with server-sent events, with no `stream` flag.
        return self._client.request_events(
            "get",
            "/v1/sessions/{session_id}/events/stream",
            path_params={"session_id": session_id},
            event_type=SessionEvent,
        )


class Catalog:
    """One list per pagination kind besides the cursor lists above."""

    def __init__(self, client: Client) -> None:
        self._client = client

    def skills(self, *, page: str | NotGiven = NOT_GIVEN) -> SyncTokenPage[Skill]:
        return self._client.request_list(
            "get",
            "/v1/skills",
            query={"page": page},
            page=SyncTokenPage[Skill],
            item_type=Skill,
            pagination=SKILLS_PAGINATION,
        )

    def reports(self, *, page: int | NotGiven = NOT_GIVEN) -> SyncPageNumberPage[Report]:
        return self._client.request_list(
            "get",
            "/v1/reports",
            query={"page": page},
            page=SyncPageNumberPage[Report],
            item_type=Report,
            pagination=REPORTS_PAGINATION,
        )

    def events(
        self, *, offset: int | NotGiven = NOT_GIVEN, limit: int | NotGiven = NOT_GIVEN
    ) -> SyncOffsetPage[Event]:
        return self._client.request_list(
            "get",
            "/v1/events",
            query={"offset": offset, "limit": limit},
            page=SyncOffsetPage[Event],
            item_type=Event,
            pagination=EVENTS_PAGINATION,
        )


class QuickClient(SyncAPIClient):
    """The bare runtime client with real but tiny backoff waits."""

    initial_retry_delay = 0.001
    max_retry_delay = 0.002


class JobsWithRawResponse:
    def __init__(self, jobs: Jobs) -> None:
        self.resume = to_raw_response(jobs.resume)
        self.list = to_raw_response(jobs.list)


class FilesWithRawResponse:
    def __init__(self, files: Files) -> None:
        self.download = to_raw_response(files.download)


class ClientWithRawResponse:
    def __init__(self, client: Client) -> None:
        self.jobs = JobsWithRawResponse(client.jobs)
        self.files = FilesWithRawResponse(client.files)


class JobsWithStreamingResponse:
    def __init__(self, jobs: Jobs) -> None:
        self.resume = to_streamed_response(jobs.resume)
        self.list = to_streamed_response(jobs.list)


class FilesWithStreamingResponse:
    def __init__(self, files: Files) -> None:
        self.download = to_streamed_response(files.download)


class ResponsesWithStreamingResponse:
    def __init__(self, responses: Responses) -> None:
        self.create = to_streamed_response(responses.create)


class ClientWithStreamingResponse:
    def __init__(self, client: Client) -> None:
        self.jobs = JobsWithStreamingResponse(client.jobs)
        self.files = FilesWithStreamingResponse(client.files)
        self.responses = ResponsesWithStreamingResponse(client.responses)


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
        self.batches = Batches(self)
        self.sessions = Sessions(self)
        self.catalog = Catalog(self)
        self.with_raw_response = ClientWithRawResponse(self)
        self.with_streaming_response = ClientWithStreamingResponse(self)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)  # record the backoff instead of waiting


class AnthropicLikeClient(Client):
    """A generated client whose API documents its own request-id header and errors."""

    request_id_headers: ClassVar[tuple[str, ...]] = ("request-id",)
    error_catalog: ClassVar[ErrorCatalog] = ERRORS


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

    def list(
        self, *, after: str | NotGiven = NOT_GIVEN, options: RequestOptions | None = None
    ) -> AsyncPaginator[FineTuningJob, AsyncCursorPage[FineTuningJob]]:
        # Not `async def`: `async for job in client.jobs.list()` works without an await,
        # and `await client.jobs.list()` gives the first page.
        return self._client.request_list(
            "get",
            "/fine_tuning/jobs",
            query={"after": after},
            page=AsyncCursorPage[FineTuningJob],
            item_type=FineTuningJob,
            pagination=JOBS_PAGINATION,
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
    ) -> AsyncPage[Workspace]:
        # refgen's first templates: `async def` awaiting the legacy `request_page`.
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

    async def download(self, file_id: str) -> AsyncBinaryAPIResponse:
        return await self._client.request_binary(
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


class AsyncBatches:
    def __init__(self, client: AsyncClient) -> None:
        self._client = client

    async def results(self, batch_id: str) -> AsyncJSONLDecoder[BatchResult]:
        return await self._client.request_jsonl(
            "get",
            "/v1/messages/batches/{batch_id}/results",
            path_params={"batch_id": batch_id},
            line_type=BatchResult,
        )


class AsyncJobsWithRawResponse:
    def __init__(self, jobs: AsyncJobs) -> None:
        self.resume = async_to_raw_response(jobs.resume)
        self.list = async_to_raw_response(jobs.list)


class AsyncClientWithRawResponse:
    def __init__(self, client: AsyncClient) -> None:
        self.jobs = AsyncJobsWithRawResponse(client.jobs)


class AsyncJobsWithStreamingResponse:
    def __init__(self, jobs: AsyncJobs) -> None:
        self.resume = async_to_streamed_response(jobs.resume)
        self.list = async_to_streamed_response(jobs.list)


class AsyncFilesWithStreamingResponse:
    def __init__(self, files: AsyncFiles) -> None:
        self.download = async_to_streamed_response(files.download)


class AsyncClientWithStreamingResponse:
    def __init__(self, client: AsyncClient) -> None:
        self.jobs = AsyncJobsWithStreamingResponse(client.jobs)
        self.files = AsyncFilesWithStreamingResponse(client.files)


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
        self.batches = AsyncBatches(self)
        self.with_raw_response = AsyncClientWithRawResponse(self)
        self.with_streaming_response = AsyncClientWithStreamingResponse(self)

    async def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
