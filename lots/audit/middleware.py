"""Writes what a request read of confidential records as one log entry (lots.access.reads)."""

from lots.access import reads
from lots.audit import services as audit

REFUSED = frozenset({403, 404})


class ReadLogMiddleware:
    """Collects the reads of each GET request, pages and API alike, and logs them when it ends.

    A request that changes something is not a read: the service it calls logs the change, with who made it.
    Nor is a HEAD request, which is answered without its content, nor a request refused with 403 or 404 after
    the record was looked up (a reporter asking for the investigation of their own report).
    A streaming response may read as it is sent, after the view has returned: what it reads then is logged
    when it closes (none of the confidential downloads does today; files are opened before they are sent).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET":
            return self.get_response(request)
        with reads.collecting() as collector:
            response = self.get_response(request)
        if response.status_code in REFUSED:
            return response
        path = request.get_full_path()
        audit.record_collected(collector, path=path)
        if response.streaming:
            streamed = reads.Collector()
            response.streaming_content = reads.collect_into(streamed, response.streaming_content)
            response._resource_closers.append(lambda: audit.record_collected(streamed, path=path))
        return response
