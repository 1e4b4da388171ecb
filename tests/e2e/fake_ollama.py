"""A fake Ollama server, model registry and model library for the Ollama tests, standard
library only, answering with the real wire formats (Ollama's docs/api.md and server/*.go).

`FakeRegistry` (HANGAR_OLLAMA_REGISTRY) serves Docker v2 manifests:
`GET|HEAD /v2/{namespace}/{model}/manifests/{tag}` → the manifest bytes
(`application/vnd.docker.distribution.manifest.v2+json`, `Docker-Content-Digest:
sha256:<hex of the bytes>`), or 404 `{"errors":[{"code":"MANIFEST_UNKNOWN",…}]}`. A model's
digest as Ollama lists it is the sha256 of its manifest bytes, so a local model is up to date
while its registry manifest is unchanged; `publish_update(name)` publishes a new manifest.

`FakeLibrary` (HANGAR_OLLAMA_LIBRARY) serves ollama.com's HTML: `GET /search?q=` with one
`<li x-test-model>` card per model (`x-test-search-response-title`, `x-test-capability`,
`x-test-size`, `x-test-pull-count`, `x-test-tag-count`, `x-test-updated`) and
`GET /library/{model}/tags` with one link `/library/{model}:{tag}` per variant (size, context,
updated). `down = True` makes every page a 503.

`FakeOllama` (a connection's base_url) is one Ollama server: `GET /api/version`, `GET
/api/tags`, `POST /api/show`, `POST /api/pull` (NDJSON: `pulling manifest`, per layer
`pulling <12 hex>` with digest/total/completed, `verifying sha256 digest`, `writing manifest`,
`success`; an unknown model ends with an in-band `{"error": …}` line; throttled to `rate`
bytes per second; stops when the client goes away), `DELETE /api/delete`, `POST /api/copy`,
`GET /api/ps`, `POST /api/generate` (an empty prompt loads, with `keep_alive: 0` unloads). It
pulls from a FakeRegistry in process. Every request is recorded.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

OLLAMA_VERSION = "0.12.6"
MANIFEST_TYPE = "application/vnd.docker.distribution.manifest.v2+json"
PROGRESS_INTERVAL = 0.1  # seconds between two progress lines of a layer (Ollama: 60 ms)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def rfc3339(moment: datetime) -> str:
    """Go's time.Time JSON: nanoseconds and the zone offset."""
    text = moment.isoformat(timespec="microseconds")
    return text.replace("+00:00", "Z") if text.endswith("+00:00") else text


def now() -> datetime:
    return datetime.now(timezone.utc)


# --------------------------------------------------------------------------- names


@dataclass(frozen=True)
class Name:
    host: str
    namespace: str
    model: str
    tag: str

    @classmethod
    def parse(cls, text: str) -> "Name":
        """Ollama's ParseName with its defaults (registry.ollama.ai, library, latest);
        case-insensitive like Ollama's lookups."""
        rest, tag = text.strip(), "latest"
        if rest.rfind(":") > rest.rfind("/"):
            rest, tag = rest[:rest.rfind(":")], rest[rest.rfind(":") + 1:]
        parts = rest.split("/")
        model = parts.pop()
        namespace = parts.pop() if parts else "library"
        host = parts.pop() if parts else "registry.ollama.ai"
        return cls(host.lower(), namespace.lower(), model.lower(), (tag or "latest").lower())

    @property
    def short(self) -> str:
        """DisplayShortest: `model:tag`, `namespace/model:tag` or `host/namespace/model:tag`."""
        if self.host != "registry.ollama.ai":
            return f"{self.host}/{self.namespace}/{self.model}:{self.tag}"
        if self.namespace != "library":
            return f"{self.namespace}/{self.model}:{self.tag}"
        return f"{self.model}:{self.tag}"

    @property
    def repo(self) -> tuple[str, str, str]:
        return (self.namespace, self.model, self.tag)


# --------------------------------------------------------------------------- models


@dataclass
class Layer:
    media_type: str
    digest: str
    size: int
    data: bytes = b""


@dataclass
class Spec:
    """What the registry publishes for one model:tag, and what Ollama says about it."""
    family: str
    parameter_size: str
    quantization: str
    size: int  # bytes of the model layer
    context_length: int = 32768
    capabilities: tuple = ("completion",)
    template: str = "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>\n{{ end }}<|im_start|>user\n{{ .Prompt }}<|im_end|>\n<|im_start|>assistant\n"
    parameters: str = 'stop                           "<|im_start|>"\nstop                           "<|im_end|>"'
    system: str = ""
    license: str = "Apache License 2.0"
    revision: int = 1  # bumped by publish_update: new config → new manifest → new digest


def build_manifest(name: Name, spec: Spec) -> tuple[bytes, list[Layer]]:
    """A Docker v2 manifest as registry.ollama.ai serves it: the model, template, license and
    params layers, then the config. Layer bytes are derived from the name, so digests are stable."""
    def blob(kind: str, data: bytes, media: str) -> Layer:
        return Layer(media, f"sha256:{sha256(data)}", len(data), data)

    seed = f"{name.namespace}/{name.model}:{name.tag}"
    model = Layer("application/vnd.ollama.image.model", f"sha256:{sha256(f'model {seed}'.encode())}", spec.size)
    template = blob("template", spec.template.encode(), "application/vnd.ollama.image.template")
    license_ = blob("license", spec.license.encode(), "application/vnd.ollama.image.license")
    params = blob("params", json.dumps({"stop": ["<|im_start|>", "<|im_end|>"]}).encode(), "application/vnd.ollama.image.params")
    config = json.dumps({
        "model_format": "gguf", "model_family": spec.family, "model_families": [spec.family], "model_type": spec.parameter_size,
        "file_type": spec.quantization, "architecture": "amd64", "os": "linux", "rootfs": {"type": "layers", "diff_ids": [model.digest]},
        "revision": spec.revision,
    }, separators=(",", ":")).encode()
    config_layer = blob("config", config, "application/vnd.docker.container.image.v1+json")
    layers = [model, template, license_, params]
    manifest = json.dumps({
        "schemaVersion": 2, "mediaType": MANIFEST_TYPE,
        "config": {"mediaType": config_layer.media_type, "digest": config_layer.digest, "size": config_layer.size},
        "layers": [{"mediaType": layer.media_type, "digest": layer.digest, "size": layer.size} for layer in layers],
    }, separators=(",", ":")).encode()
    return manifest, layers + [config_layer]


# Published models: (namespace, model, tag) → Spec. Sizes are small so that pulls take as long
# as the throttle says.
MB = 1000 * 1000
DEFAULT_SPECS: dict[tuple[str, str, str], Spec] = {
    ("library", "qwen2.5", "0.5b"): Spec("qwen2", "494.03M", "Q4_K_M", 6 * MB, capabilities=("completion", "tools")),
    ("library", "qwen2.5", "1.5b"): Spec("qwen2", "1.5B", "Q4_K_M", 9 * MB, capabilities=("completion", "tools")),
    ("library", "qwen2.5", "latest"): Spec("qwen2", "7.6B", "Q4_K_M", 12 * MB, capabilities=("completion", "tools")),
    ("library", "llama3.2", "latest"): Spec("llama", "3.2B", "Q4_K_M", 8 * MB, context_length=131072, capabilities=("completion", "tools"),
                                            license="LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"),
    ("library", "llama3.2", "1b"): Spec("llama", "1.2B", "Q8_0", 5 * MB, context_length=131072, capabilities=("completion", "tools"),
                                        license="LLAMA 3.2 COMMUNITY LICENSE AGREEMENT"),
    ("library", "smollm2", "135m"): Spec("llama", "134.52M", "F16", 4 * MB, context_length=8192),
    ("library", "smollm2", "latest"): Spec("llama", "1.7B", "Q4_K_M", 7 * MB, context_length=8192),
    ("library", "nomic-embed-text", "latest"): Spec("nomic-bert", "137M", "F16", 3 * MB, context_length=2048, capabilities=("embedding",)),
}
LIBRARY_INFO = {
    "qwen2.5": ("Qwen2.5 models are pretrained on Alibaba's latest large-scale dataset, up to 18 trillion tokens.", ["tools"], "18.6M", "3 months ago"),
    "llama3.2": ("Meta's Llama 3.2 goes small with 1B and 3B models.", ["tools"], "42.1M", "1 year ago"),
    "smollm2": ("SmolLM2 is a family of compact language models available in three size: 135M, 360M, and 1.7B parameters.", ["tools"], "1.9M", "1 year ago"),
    "nomic-embed-text": ("A high-performing open embedding model with a large token context window.", ["embedding"], "47.3M", "1 year ago"),
}


class FakeRegistry:
    """registry.ollama.ai: manifests by namespace/model/tag, digests by their bytes."""

    def __init__(self):
        self.specs: dict[tuple[str, str, str], Spec] = {}
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        self.reset()
        registry = self

        class Handler(_Handler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                registry._handle(self, body=True)

            def do_HEAD(self):  # noqa: N802
                registry._handle(self, body=False)

        self.server = _server(Handler)

    url = property(lambda self: f"http://127.0.0.1:{self.server.server_address[1]}")

    def start(self) -> "FakeRegistry":
        _serve(self.server, "fake-ollama-registry")
        return self

    def stop(self) -> None:
        _stop(self.server)

    def reset(self) -> None:
        with self.lock:
            self.specs = {key: Spec(**vars(spec)) for key, spec in DEFAULT_SPECS.items()}
            self.requests.clear()

    def manifest(self, name: str | Name) -> tuple[bytes, list[Layer], Spec] | None:
        parsed = Name.parse(name) if isinstance(name, str) else name
        with self.lock:
            spec = self.specs.get(parsed.repo)
        if spec is None:
            return None
        manifest, layers = build_manifest(parsed, spec)
        return manifest, layers, spec

    def digest(self, name: str) -> str | None:
        found = self.manifest(name)
        return sha256(found[0]) if found else None

    def publish_update(self, name: str) -> str:
        """A new version of name:tag (new config layer, so a new manifest digest)."""
        parsed = Name.parse(name)
        with self.lock:
            self.specs[parsed.repo].revision += 1
        return self.digest(name)

    def publish(self, name: str, spec: Spec) -> None:
        with self.lock:
            self.specs[Name.parse(name).repo] = spec

    def manifest_requests(self) -> list[str]:
        with self.lock:
            return [path for method, path in self.requests if "/manifests/" in path]

    def blob_requests(self) -> list[str]:
        with self.lock:
            return [path for method, path in self.requests if "/blobs/" in path]

    def _handle(self, handler, body: bool) -> None:
        path = urlsplit(handler.path).path
        with self.lock:
            self.requests.append((handler.command, path))
        if path in ("/v2", "/v2/"):
            return _json(handler, 200, {}, body=body)
        match = re.fullmatch(r"/v2/([^/]+)/([^/]+)/manifests/([^/]+)", path)
        if not match:
            return _json(handler, 404, {"errors": [{"code": "NAME_UNKNOWN", "message": "repository name not known to registry"}]}, body=body)
        namespace, model, tag = (unquote(part) for part in match.groups())
        found = self.manifest(Name("registry.ollama.ai", namespace.lower(), model.lower(), tag.lower()))
        if found is None:
            return _json(handler, 404, {"errors": [{"code": "MANIFEST_UNKNOWN", "message": "manifest unknown",
                                                    "detail": {"Tag": tag}}]}, body=body)
        manifest = found[0]
        _send(handler, 200, manifest, MANIFEST_TYPE, {"Docker-Content-Digest": f"sha256:{sha256(manifest)}"}, body=body)


class FakeLibrary:
    """ollama.com's search and tags pages, from the registry's published models."""

    def __init__(self, registry: FakeRegistry):
        self.registry = registry
        self.down = False
        self.requests: list[str] = []
        library = self

        class Handler(_Handler):
            def do_GET(self):  # noqa: N802
                library._handle(self)

        self.server = _server(Handler)

    url = property(lambda self: f"http://127.0.0.1:{self.server.server_address[1]}")

    def start(self) -> "FakeLibrary":
        _serve(self.server, "fake-ollama-library")
        return self

    def stop(self) -> None:
        _stop(self.server)

    def reset(self) -> None:
        self.down = False
        self.requests.clear()

    def _models(self) -> dict[str, list[tuple[str, Spec]]]:
        out: dict[str, list[tuple[str, Spec]]] = {}
        with self.registry.lock:
            for (namespace, model, tag), spec in sorted(self.registry.specs.items()):
                if namespace == "library":
                    out.setdefault(model, []).append((tag, spec))
        return out

    def _handle(self, handler) -> None:
        parts = urlsplit(handler.path)
        self.requests.append(handler.path)
        if self.down:
            return _send(handler, 503, b"<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>", "text/html")
        models = self._models()
        if parts.path == "/search":
            query = (parse_qs(parts.query).get("q") or [""])[0].strip().lower()
            found = [(name, tags) for name, tags in models.items()
                     if not query or query in name or query in LIBRARY_INFO.get(name, ("",))[0].lower()]
            return _send(handler, 200, search_page(query, found).encode(), "text/html; charset=utf-8")
        match = re.fullmatch(r"/library/([^/:]+)/tags", parts.path)
        if match and unquote(match.group(1)) in models:
            name = unquote(match.group(1))
            return _send(handler, 200, tags_page(name, models[name]).encode(), "text/html; charset=utf-8")
        return _send(handler, 404, b"<html><body><h1>404</h1><p>Page not found</p></body></html>", "text/html")


def human_size(size: int) -> str:
    return f"{size / MB:.0f}MB" if size < 1000 * MB else f"{size / (1000 * MB):.1f}GB"


def search_page(query: str, found) -> str:
    """The markup of ollama.com/search (trimmed of scripts and styles)."""
    cards = []
    for name, tags in found:
        description, capabilities, pulls, updated = LIBRARY_INFO.get(name, ("", [], "1K", "1 year ago"))
        sizes = [tag for tag, _ in tags if tag != "latest"]
        e = html.escape
        cards.append(f"""
    <li x-test-model class="flex items-baseline border-b border-neutral-200 py-6">
      <a href="/library/{e(name)}" class="group w-full">
        <div class="flex flex-col mb-1" title="{e(name)}">
          <h2 class="truncate text-xl font-medium underline-offset-2 group-hover:underline md:text-2xl">
            <span x-test-search-response-title>{e(name)}</span>
          </h2>
          <p class="max-w-lg break-words text-neutral-800 text-md">{e(description)}</p>
        </div>
        <div class="flex flex-col">
          <div class="flex flex-wrap space-x-2">
            {"".join(f'<span x-test-capability class="inline-flex items-center rounded-md bg-indigo-50 px-2 py-[2px] text-xs sm:text-[13px] font-medium text-indigo-600">{e(c)}</span>' for c in capabilities)}
            {"".join(f'<span x-test-size class="inline-flex items-center rounded-md bg-[#ddf4ff] px-2 py-[2px] text-xs sm:text-[13px] font-medium text-blue-600">{e(s)}</span>' for s in sizes)}
          </div>
          <p class="my-1 flex space-x-5 text-[13px] font-medium text-neutral-500">
            <span class="flex items-center"><svg class="mr-1.5 h-[14px] w-[14px]"></svg><span x-test-pull-count>{e(pulls)}</span>&nbsp;<span class="hidden sm:flex">Pulls</span></span>
            <span class="flex items-center"><svg class="mr-1.5 h-[14px] w-[14px]"></svg><span x-test-tag-count>{len(tags)}</span>&nbsp;Tags</span>
            <span class="flex items-center"><svg class="mr-1.5 h-[14px] w-[14px]"></svg>Updated&nbsp;<span x-test-updated>{e(updated)}</span></span>
          </p>
        </div>
      </a>
    </li>""")
    body = "".join(cards) if cards else '\n    <p class="text-neutral-500">No models found.</p>'
    return f"""<!DOCTYPE html>
<html class="h-full overflow-y-scroll" lang="en">
<head><meta charset="utf-8"><title>{html.escape(query) or "Search"} · Ollama Search</title></head>
<body class="antialiased min-h-screen w-full m-0 flex flex-col">
<main class="mx-auto flex w-full max-w-6xl flex-1 flex-col px-6">
  <ul role="list" class="grid grid-cols-1 gap-y-3" hx-target="this" hx-swap="beforeend">{body}
  </ul>
</main>
</body>
</html>
"""


def tags_page(name: str, tags) -> str:
    """The markup of ollama.com/library/{model}/tags: one block per tag, its phone link first
    (`/library/{model}:{tag}` with "digest • size • context window • input • age"), then the
    desktop grid (the same link, then size, context and input in their own cells)."""
    e = html.escape
    rows = []
    for tag, spec in tags:
        digest = sha256(f"model library/{name}:{tag}".encode())[:12]
        context = f"{spec.context_length // 1024}K"
        rows.append(f"""
          <div class="group px-4 py-3">
            <a href="/library/{e(name)}:{e(tag)}" class="md:hidden flex flex-col space-y-[6px] group">
              <div class="flex items-center font-medium"><span class="group-hover:underline">{e(name)}:{e(tag)}</span></div>
              <div class="flex flex-col text-neutral-500 text-[13px]">
                <span>
                  <span class="font-mono">{digest}</span> • {human_size(spec.size)} •
                  {context} context window  •
                  <span class="hidden sm:inline">Text input • 1 year ago</span>
                </span>
              </div>
            </a>
            <div class="hidden md:flex flex-col space-y-[6px]">
              <div class="grid grid-cols-12 items-center">
                <span class="flex items-center font-medium col-span-6 group text-sm">
                  <a href="/library/{e(name)}:{e(tag)}" class="group-hover:underline">{e(name)}:{e(tag)}</a>
                  <input class="command hidden" value="{e(name)}:{e(tag)}" />
                </span>
                <p class="col-span-2 text-neutral-500 text-[13px]">{human_size(spec.size)}</p>
                <p class="col-span-2 text-neutral-500 text-[13px]">{context}</p>
                <div class="col-span-2 text-neutral-500 text-[13px] ">Text</div>
              </div>
              <div class="flex text-neutral-500 text-xs items-center">
                <span class="font-mono text-[11px]">{digest}</span>&nbsp;·&nbsp;1 year ago
              </div>
            </div>
          </div>""")
    return f"""<!doctype html>
<html class="h-full overflow-y-scroll">
<head><meta charset="utf-8"><title>Tags · {e(name)}</title></head>
<body class="antialiased min-h-screen w-full m-0 flex flex-col">
<main class="flex-grow">
  <section class="w-full max-w-full mt-8 mb-4 md:mt-16 md:mb-2">
    <div class="overflow-hidden rounded-lg border border-neutral-200">
      <div class="min-w-full divide-y divide-gray-200">
        <div class="items-center grid bg-neutral-50 px-4 py-3 text-xs grid-cols-12 text-neutral-900">
          <p class="col-span-6 hidden md:block">Name</p>
          <p class="block col-span-6 md:hidden">{len(tags)} models</p>
          <p class="col-span-2 hidden md:block">Size</p>
          <p class="col-span-2 hidden md:block">Context</p>
          <p class="col-span-2 hidden md:block">Input</p>
        </div>{"".join(rows)}
      </div>
    </div>
  </section>
</main>
</body>
</html>
"""


# --------------------------------------------------------------------------- the Ollama server


@dataclass
class LocalModel:
    name: Name
    manifest: bytes
    size: int
    spec: Spec
    modified_at: datetime = field(default_factory=now)

    @property
    def digest(self) -> str:
        return sha256(self.manifest)

    def details(self) -> dict:
        return {"parent_model": "", "format": "gguf", "family": self.spec.family, "families": [self.spec.family],
                "parameter_size": self.spec.parameter_size, "quantization_level": self.spec.quantization}


@dataclass
class Running:
    model: LocalModel
    expires_at: datetime
    sticky: int = 0  # soft unloads ignored before the model goes (a busy model)


FOREVER = datetime(2318, 1, 1, tzinfo=timezone.utc)


def parse_keep_alive(value) -> timedelta | None:
    """Ollama's keep_alive: seconds as a number, or a Go duration string ("5m", "0", "-1")."""
    if value is None:
        return None
    if isinstance(value, (int, float)):
        seconds = float(value)
    else:
        text = str(value).strip()
        match = re.fullmatch(r"(-?\d+(?:\.\d+)?)(ms|s|m|h)?", text)
        if not match:
            raise ValueError(f"time: invalid duration \"{text}\"")
        number, unit = float(match.group(1)), match.group(2) or "s"
        seconds = number * {"ms": 0.001, "s": 1, "m": 60, "h": 3600}[unit]
    return timedelta(days=-1) if seconds < 0 else timedelta(seconds=seconds)


class FakeOllama:
    def __init__(self, registry: FakeRegistry, installed: tuple[str, ...] = ("qwen2.5:0.5b", "llama3.2:latest")):
        self.registry = registry
        self.installed = installed
        self.lock = threading.Lock()
        self.rate: float | None = None          # bytes per second of a pull; None: fast
        self.unload_delay = 0.0                   # seconds a soft unload takes to show in /api/ps
        self.models: dict[Name, LocalModel] = {}
        self.running: dict[Name, Running] = {}
        self.requests: list[tuple[str, str, dict | None]] = []
        self.pulls_aborted = 0
        self.reset()
        ollama = self

        class Handler(_Handler):
            def do_GET(self):  # noqa: N802
                ollama._handle(self)

            def do_POST(self):  # noqa: N802
                ollama._handle(self)

            def do_DELETE(self):  # noqa: N802
                ollama._handle(self)

            def do_HEAD(self):  # noqa: N802
                ollama._handle(self)

        self.server = _server(Handler)

    url = property(lambda self: f"http://127.0.0.1:{self.server.server_address[1]}")

    def start(self) -> "FakeOllama":
        _serve(self.server, "fake-ollama")
        return self

    def stop(self) -> None:
        _stop(self.server)

    def reset(self) -> None:
        """The installed models, up to date with the registry; nothing loaded; unthrottled."""
        with self.lock:
            self.rate = None
            self.unload_delay = 0.0
            self.models.clear()
            self.running.clear()
            self.requests.clear()
            self.pulls_aborted = 0
        for name in self.installed:
            self.install(name)

    # --- test helpers

    def install(self, name: str, modified_at: datetime | None = None) -> LocalModel:
        """name as if pulled from the registry now (its digest is the registry's)."""
        parsed = Name.parse(name)
        found = self.registry.manifest(parsed)
        if found is None:
            raise KeyError(f"{name} is not published in the fake registry")
        manifest, layers, spec = found
        model = LocalModel(parsed, manifest, sum(layer.size for layer in layers), Spec(**vars(spec)), modified_at or now())
        with self.lock:
            self.models[parsed] = model
        return model

    def alias(self, source: str, destination: str) -> LocalModel:
        """destination as a copy of source (same manifest), as `ollama cp` makes; a name the
        registry does not know, so an update check cannot decide about it."""
        with self.lock:
            found = self.models[Name.parse(source)]
            target = Name.parse(destination)
            self.models[target] = LocalModel(target, found.manifest, found.size, found.spec, now())
            return self.models[target]

    def load(self, name: str, keep_alive: timedelta = timedelta(minutes=5), sticky: int = 0) -> None:
        """name loaded in memory, as after a request; sticky: soft unloads it ignores."""
        parsed = Name.parse(name)
        with self.lock:
            model = self.models[parsed]
            self.running[parsed] = Running(model, FOREVER if keep_alive < timedelta(0) else now() + keep_alive, sticky)

    def names(self) -> list[str]:
        with self.lock:
            return sorted(name.short for name in self.models)

    def running_names(self) -> list[str]:
        with self.lock:
            self._expire()
            return sorted(name.short for name in self.running)

    def calls(self, path: str) -> list[dict | None]:
        with self.lock:
            return [body for method, p, body in self.requests if p == path]

    # --- serving

    def _handle(self, handler) -> None:
        path = urlsplit(handler.path).path
        body = None
        if handler.command in ("POST", "DELETE"):
            length = int(handler.headers.get("Content-Length") or 0)
            raw = handler.rfile.read(length) if length else b""
            if raw:
                try:
                    body = json.loads(raw)
                except ValueError as error:
                    with self.lock:
                        self.requests.append((handler.command, path, None))
                    return _json(handler, 400, {"error": f"invalid character: {error}"})
        with self.lock:
            self.requests.append((handler.command, path, body))
        routes = {
            ("GET", "/api/version"): lambda: _json(handler, 200, {"version": OLLAMA_VERSION}),
            ("HEAD", "/"): lambda: _send(handler, 200, b"Ollama is running", "text/plain; charset=utf-8", body=False),
            ("GET", "/"): lambda: _send(handler, 200, b"Ollama is running", "text/plain; charset=utf-8"),
            ("GET", "/api/tags"): lambda: self._tags(handler),
            ("POST", "/api/show"): lambda: self._show(handler, body),
            ("POST", "/api/pull"): lambda: self._pull(handler, body),
            ("DELETE", "/api/delete"): lambda: self._delete(handler, body),
            ("POST", "/api/copy"): lambda: self._copy(handler, body),
            ("GET", "/api/ps"): lambda: self._ps(handler),
            ("POST", "/api/generate"): lambda: self._generate(handler, body),
        }
        route = routes.get((handler.command, path))
        if route is None:
            return _send(handler, 404, b"404 page not found", "text/plain")
        if handler.command in ("POST", "DELETE") and body is None:
            return _json(handler, 400, {"error": "missing request body"})
        try:
            route()
        except (BrokenPipeError, ConnectionResetError):
            handler.close_connection = True

    def _find(self, name: str) -> LocalModel | None:
        with self.lock:
            return self.models.get(Name.parse(name)) if name else None

    def _tags(self, handler) -> None:
        with self.lock:
            models = sorted(self.models.values(), key=lambda m: m.modified_at, reverse=True)
            payload = {"models": [{
                "name": m.name.short, "model": m.name.short, "modified_at": rfc3339(m.modified_at.astimezone()),
                "size": m.size, "digest": m.digest, "details": m.details(),
            } for m in models]}
        _json(handler, 200, payload)

    def _show(self, handler, body) -> None:
        name = body.get("model") or body.get("name") or ""
        model = self._find(name)
        if model is None:
            return _json(handler, 404, {"error": f"model '{name}' not found"})
        spec = model.spec
        arch = {"qwen2": "qwen2", "llama": "llama", "nomic-bert": "nomic-bert"}.get(spec.family, spec.family)
        modelfile = (f'# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n'
                     f'# FROM {model.name.short}\n\nFROM /root/.ollama/models/blobs/sha256-{sha256(model.manifest)}\n'
                     f'TEMPLATE """{spec.template}"""\nPARAMETER stop <|im_start|>\nPARAMETER stop <|im_end|>\nLICENSE """{spec.license}"""\n')
        _json(handler, 200, {
            "license": spec.license, "modelfile": modelfile, "parameters": spec.parameters, "template": spec.template,
            "details": model.details(),
            "model_info": {
                "general.architecture": arch, "general.file_type": 15, "general.parameter_count": 494032768,
                "general.quantization_version": 2, f"{arch}.context_length": spec.context_length, f"{arch}.embedding_length": 896,
                f"{arch}.block_count": 24, "tokenizer.ggml.model": "gpt2", "tokenizer.ggml.tokens": [], "tokenizer.ggml.merges": [],
            },
            "tensors": [], "capabilities": list(spec.capabilities), "modified_at": rfc3339(model.modified_at.astimezone()),
        })

    def _ps(self, handler) -> None:
        with self.lock:
            self._expire()
            items = sorted(self.running.values(), key=lambda r: r.expires_at, reverse=True)
            payload = {"models": [{
                "name": r.model.name.short, "model": r.model.name.short, "size": r.model.size + 300 * MB,
                "digest": r.model.digest, "details": r.model.details(), "expires_at": rfc3339(r.expires_at.astimezone()),
                "size_vram": r.model.size + 300 * MB, "context_length": min(4096, r.model.spec.context_length),
            } for r in items]}
        _json(handler, 200, payload)

    def _expire(self) -> None:
        moment = now()
        for key in [key for key, r in self.running.items() if r.expires_at <= moment]:
            del self.running[key]

    def _delete(self, handler, body) -> None:
        name = body.get("model") or body.get("name") or ""
        with self.lock:
            key = Name.parse(name) if name else None
            if key not in self.models:
                return _json(handler, 404, {"error": f"model '{name}' not found"})
            del self.models[key]
            self.running.pop(key, None)
        _send(handler, 200, b"", "text/plain; charset=utf-8")

    def _copy(self, handler, body) -> None:
        source, destination = body.get("source") or "", body.get("destination") or ""
        if not destination:
            return _json(handler, 400, {"error": f"destination \"{destination}\" is invalid"})
        with self.lock:
            found = self.models.get(Name.parse(source)) if source else None
            if found is None:
                return _json(handler, 404, {"error": f"model {json.dumps(source)} not found"})
            target = Name.parse(destination)
            self.models[target] = LocalModel(target, found.manifest, found.size, found.spec, now())
        _send(handler, 200, b"", "text/plain; charset=utf-8")

    def _generate(self, handler, body) -> None:
        name = body.get("model") or ""
        model = self._find(name)
        if model is None:
            return _json(handler, 404, {"error": f"model '{name}' not found"})
        try:
            keep_alive = parse_keep_alive(body.get("keep_alive"))
        except ValueError as error:
            return _json(handler, 400, {"error": str(error)})
        prompt = body.get("prompt") or ""
        created = rfc3339(now())
        with self.lock:
            if not prompt and keep_alive == timedelta(0):
                running = self.running.get(model.name)
                if running is not None:
                    if running.sticky > 0:
                        running.sticky -= 1
                    else:
                        running.expires_at = now() + timedelta(seconds=self.unload_delay)
                        self._expire()
                return _json(handler, 200, {"model": name, "created_at": created, "response": "", "done": True, "done_reason": "unload"})
            duration = keep_alive if keep_alive is not None else timedelta(minutes=5)
            expires = FOREVER if duration < timedelta(0) else now() + duration
            current = self.running.get(model.name)
            self.running[model.name] = Running(model, expires, current.sticky if current else 0)
        if not prompt:
            return _json(handler, 200, {"model": name, "created_at": created, "response": "", "done": True, "done_reason": "load"})
        final = {"model": name, "created_at": created, "response": "P", "done": True, "done_reason": "length", "context": [1, 2, 3],
                 "total_duration": 301234567, "load_duration": 20123456, "prompt_eval_count": 26, "prompt_eval_duration": 130000000,
                 "eval_count": 1, "eval_duration": 1000000}
        if body.get("stream") is False:
            return _json(handler, 200, final)
        self._ndjson_start(handler)
        self._line(handler, {"model": name, "created_at": created, "response": "P", "done": False})
        self._line(handler, {**final, "response": ""})
        self._ndjson_end(handler)

    # --- pull: Ollama's NDJSON stream

    def _ndjson_start(self, handler) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/x-ndjson")
        handler.send_header("Transfer-Encoding", "chunked")
        handler.end_headers()

    def _line(self, handler, payload: dict) -> None:
        data = (json.dumps(payload, separators=(",", ":")) + "\n").encode()
        handler.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
        handler.wfile.flush()

    def _ndjson_end(self, handler) -> None:
        handler.wfile.write(b"0\r\n\r\n")
        handler.wfile.flush()

    def _pull(self, handler, body) -> None:
        name = body.get("model") or body.get("name") or ""
        if not name:
            return _json(handler, 400, {"error": "invalid model name"})
        parsed = Name.parse(name)
        self._ndjson_start(handler)
        try:
            self._line(handler, {"status": "pulling manifest"})
            found = self.registry.manifest(parsed)
            if found is None:
                self._line(handler, {"error": "pull model manifest: file does not exist"})
                return self._ndjson_end(handler)
            manifest, layers, spec = found
            with self.lock:
                existing = self.models.get(parsed)
                have = {layer.digest for layer in build_manifest(parsed, existing.spec)[1]} if existing else set()
            for layer in layers:
                self._pull_layer(handler, layer, cached=layer.digest in have)
            for status in ("verifying sha256 digest", "writing manifest"):
                self._line(handler, {"status": status})
            with self.lock:
                self.models[parsed] = LocalModel(parsed, manifest, sum(layer.size for layer in layers), Spec(**vars(spec)), now())
            if existing is not None and existing.manifest != manifest:
                self._line(handler, {"status": "removing unused layers"})
            self._line(handler, {"status": "success"})
            self._ndjson_end(handler)
        except (BrokenPipeError, ConnectionResetError):
            with self.lock:
                self.pulls_aborted += 1  # the client went away: the transfer stops here
            handler.close_connection = True

    def _pull_layer(self, handler, layer: Layer, cached: bool) -> None:
        status = f"pulling {layer.digest[7:19]}"
        line = lambda done: self._line(handler, {"status": status, "digest": layer.digest, "total": layer.size,
                                                 **({"completed": done} if done else {})})
        rate = self.rate
        if cached or not rate or layer.size < 64 * 1024:
            line(0)
            return line(layer.size)
        began, done = time.monotonic(), 0
        line(0)
        while done < layer.size:
            time.sleep(PROGRESS_INTERVAL)
            done = min(layer.size, int((time.monotonic() - began) * (self.rate or rate)))
            line(done)


# --------------------------------------------------------------------------- plumbing


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # quiet
        pass


def _server(handler_class) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler_class)
    server.daemon_threads = True
    return server


def _serve(server, name: str) -> None:
    thread = threading.Thread(target=server.serve_forever, name=name, daemon=True)
    thread.start()
    server._thread = thread


def _stop(server) -> None:
    server.shutdown()
    server.server_close()
    thread = getattr(server, "_thread", None)
    if thread is not None:
        thread.join(timeout=5)


def _send(handler, status: int, data: bytes, content_type: str, headers: dict | None = None, body: bool = True) -> None:
    handler.send_response(status)
    handler.send_header("Content-Type", content_type)
    handler.send_header("Content-Length", str(len(data)))
    for key, value in (headers or {}).items():
        handler.send_header(key, value)
    handler.end_headers()
    if body and handler.command != "HEAD":
        handler.wfile.write(data)


def _json(handler, status: int, payload, body: bool = True) -> None:
    _send(handler, status, json.dumps(payload).encode(), "application/json; charset=utf-8", body=body)


class OllamaWorld:
    """The registry and the library of a run (their URLs are settings of every hangar serve),
    and an Ollama server pulling from that registry."""

    def __init__(self):
        self.registry = FakeRegistry().start()
        self.library = FakeLibrary(self.registry).start()
        self.ollama = FakeOllama(self.registry).start()

    def reset(self) -> None:
        self.registry.reset()
        self.library.reset()
        self.ollama.reset()

    def stop(self) -> None:
        for server in (self.ollama, self.library, self.registry):
            server.stop()


if __name__ == "__main__":  # a manual check: python3 tests/e2e/fake_ollama.py
    world = OllamaWorld()
    world.ollama.rate = 2 * MB
    print("ollama  ", world.ollama.url, "e.g. curl", f"{world.ollama.url}/api/pull -d '{{\"model\": \"smollm2:135m\"}}'")
    print("registry", world.registry.url, "e.g.", f"{world.registry.url}/v2/library/qwen2.5/manifests/0.5b")
    print("library ", world.library.url, "e.g.", f"{world.library.url}/search?q=qwen")
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        world.stop()
