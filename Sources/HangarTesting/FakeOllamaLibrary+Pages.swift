import Foundation

/// ollama.com's search and tags pages, in the site's markup (Tailwind classes, `x-test-*`
/// markers, each variant linked twice: a mobile and a desktop row), so scrapers meet the real
/// structure rather than a tidy fixture.
struct LibraryPages {
    let entries: [FakeOllamaLibraryEntry]
    let catalog: FakeOllamaCatalog

    func answer(_ request: RecordedRequest) -> FakeResponse {
        guard request.method == "GET" || request.method == "HEAD" else { return FakeErrorFormat.website(405) }
        let parts = request.path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        switch parts.count {
        case 1 where parts[0] == "search":
            return html(search(request))
        case 3 where parts[0] == "library" && parts[2] == "tags":
            guard let entry = entries.first(where: { $0.name.lowercased() == parts[1].lowercased() }) else {
                return FakeErrorFormat.website(404)
            }
            return html(tags(entry))
        default:
            return FakeErrorFormat.website(404)
        }
    }

    private func html(_ page: String) -> FakeResponse {
        FakeResponse(status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: .bytes(Array(page.utf8)))
    }

    /// A query value as a browser sends it (`+` for spaces, percent-escapes).
    static func queryValue(_ request: RecordedRequest, _ name: String) -> String? {
        request.queryItem(name).map { $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? $0 }
    }

    // MARK: Search

    /// Matches `q` in the name or the description, `c` a capability; `page` counts from 1.
    private func search(_ request: RecordedRequest) -> String {
        let query = (Self.queryValue(request, "q") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        let capability = Self.queryValue(request, "c")?.lowercased()
        let page = max(1, Int(Self.queryValue(request, "page") ?? "") ?? 1)
        let matches = entries.filter { entry in
            (query.isEmpty || entry.name.lowercased().contains(query) || entry.description.lowercased().contains(query))
                && (capability.map { entry.capabilities.contains($0) } ?? true)
        }
        let start = (page - 1) * FakeOllamaLibrary.pageSize
        let shown = start < matches.count ? Array(matches[start..<min(matches.count, start + FakeOllamaLibrary.pageSize)]) : []
        var list = shown.map(card).joined()
        if start + FakeOllamaLibrary.pageSize < matches.count {
            let next = "/search?page=\(page + 1)&q=\(Self.escape(query))"
            list += #"""

                        <li hx-get="\#(next)" hx-trigger="revealed" hx-swap="outerHTML" class="flex items-center justify-center py-6"></li>
                """#
        }
        let results =
            shown.isEmpty
            ? #"<p class="my-8 text-center text-neutral-500">No models found.</p>"#
            : #"<ul role="list" class="grid grid-cols-1 gap-y-3">\#(list)</ul>"#
        return Self.document(
            title: "Ollama Search",
            main: """
                <div class="mx-auto flex w-full max-w-6xl flex-col px-6 py-5 md:py-12">
                  <form action="/search" autocomplete="off">
                    <input id="search" name="q" type="text" value="\(Self.escape(query))" placeholder="Search models" />
                  </form>
                  <div x-test-repos id="searchresults">
                    \(results)
                  </div>
                </div>
                """)
    }

    private func card(_ entry: FakeOllamaLibraryEntry) -> String {
        let name = Self.escape(entry.name)
        let capabilities = entry.capabilities.map {
            #"<span x-test-capability class="inline-flex items-center rounded-md bg-indigo-50 px-2 py-[2px] text-xs font-medium text-indigo-600 sm:text-[13px]">\#(Self.escape($0))</span>"#
        }
        let sizes = entry.sizes.map {
            #"<span x-test-size class="inline-flex items-center rounded-md bg-[#ddf4ff] px-2 py-[2px] text-xs font-medium text-blue-600 sm:text-[13px]">\#(Self.escape($0))</span>"#
        }
        return """

                <li x-test-model class="flex items-baseline border-b border-neutral-200 py-6">
                  <a href="/library/\(name)" class="group w-full">
                    <div class="flex flex-col mb-1" title="\(name)">
                      <h2 class="truncate text-xl font-medium underline-offset-2 group-hover:underline md:text-2xl">
                        <span x-test-search-response-title>\(name)</span>
                      </h2>
                      <p class="max-w-lg break-words text-neutral-800 text-md">\(Self.escape(entry.description))</p>
                    </div>
                    <div class="flex flex-col">
                      <div class="flex flex-wrap space-x-2">
                        \((capabilities + sizes).joined(separator: "\n            "))
                      </div>
                      <p class="my-4 flex space-x-5 text-[13px] font-medium text-neutral-500">
                        <span class="flex items-center">
                          \(Self.downloadIcon)
                          <span x-test-pull-count>\(Self.escape(entry.pullCount))</span>
                          <span class="hidden sm:flex">&nbsp;Pulls</span>
                        </span>
                        <span class="flex items-center">
                          \(Self.tagIcon)
                          <span x-test-tag-count>\(entry.tagCount)</span>
                          <span class="hidden sm:flex">&nbsp;Tags</span>
                        </span>
                        <span class="flex items-center" title="\(Self.escape(entry.updatedTitle))">
                          \(Self.clockIcon)
                          <span class="hidden sm:flex">Updated&nbsp;</span>
                          <span x-test-updated>\(Self.escape(entry.updated))</span>
                        </span>
                      </p>
                    </div>
                  </a>
                </li>
            """
    }

    // MARK: Tags

    /// The variants: `latest` first, then the others from the smallest; a tag that is another
    /// name for the `latest` manifest carries the site's `latest` badge.
    func variants(of entry: FakeOllamaLibraryEntry) -> [FakeOllamaLibraryVariant] {
        if let variants = entry.variants { return variants }
        let models = catalog.all.filter { model in
            FakeOllamaName(model.name).map {
                $0.namespace == FakeOllamaName.defaultNamespace && $0.model.lowercased() == entry.name.lowercased()
            } ?? false
        }
        let ordered = models.sorted { lhs, rhs in
            let (left, right) = (lhs.name.hasSuffix(":latest"), rhs.name.hasSuffix(":latest"))
            return left != right ? left : (lhs.size, lhs.name) < (rhs.size, rhs.name)
        }
        return ordered.map { FakeOllamaLibraryVariant($0, updated: entry.updated) }
    }

    private func tags(_ entry: FakeOllamaLibraryEntry) -> String {
        let variants = variants(of: entry)
        let latestDigest = variants.first { $0.tag == "latest" }?.shortDigest
        let rows = variants.map { row($0, of: entry, isLatest: $0.tag != "latest" && $0.shortDigest == latestDigest) }
        let name = Self.escape(entry.name)
        return Self.document(
            title: "Tags · \(name)",
            main: """
                <div class="mx-auto flex max-w-6xl flex-col px-6 py-5 md:py-12">
                  <div class="flex flex-col space-y-2">
                    <h1 x-test-model-name class="flex items-center text-3xl font-medium tracking-tight">\(name)</h1>
                    <span id="summary-content">\(Self.escape(entry.description))</span>
                  </div>
                  <section class="w-full max-w-full mt-8 mb-4 md:mt-16 md:mb-2">
                    <div class="overflow-hidden rounded-lg border border-neutral-200">
                      <div class="min-w-full divide-y divide-gray-200">
                        <div class="items-center grid bg-neutral-50 px-4 py-3 text-xs grid-cols-12 text-neutral-900">
                          <p class="col-span-6 hidden md:block">Name</p>
                          <p class="block col-span-6 md:hidden">\(variants.count) models</p>
                          <p class="col-span-2 hidden md:block">Size</p>
                          <p class="col-span-2 hidden md:block">Context</p>
                          <p class="col-span-2 hidden md:block">Input</p>
                        </div>\(rows.joined())
                      </div>
                    </div>
                  </section>
                </div>
                """)
    }

    private func row(_ variant: FakeOllamaLibraryVariant, of entry: FakeOllamaLibraryEntry, isLatest: Bool) -> String {
        let full = Self.escape("\(entry.name):\(variant.tag)")
        let badge =
            isLatest
            ? #"<span class="ml-2 inline-flex items-center rounded-full px-2 py-px text-xs font-medium border border-blue-500 text-blue-600">latest</span>"#
            : ""
        let (digest, size, context, input, updated) = (
            Self.escape(variant.shortDigest), Self.escape(variant.size), Self.escape(variant.context),
            Self.escape(variant.input), Self.escape(variant.updated)
        )
        return """

                      <div class="group px-4 py-3">
                        <a href="/library/\(full)" class="md:hidden flex flex-col space-y-[6px] group">
                          <div class="flex items-center font-medium">
                            <span class="group-hover:underline">\(full)</span>
                            \(badge)
                          </div>
                          <div class="flex flex-col text-neutral-500 text-[13px]">
                            <span>
                              <span class="font-mono">\(digest)</span> • \(size) •
                              \(context) context window  •
                              <span class="hidden sm:inline">\(input) input • \(updated)</span>
                            </span>
                          </div>
                        </a>
                        <div class="hidden md:flex flex-col space-y-[6px]">
                          <div class="grid grid-cols-12 items-center">
                            <span class="flex items-center font-medium col-span-6 group text-sm">
                              <a href="/library/\(full)" class="group-hover:underline">\(full)</a>
                              \(badge)
                              <input class="command hidden" value="\(full)" />
                            </span>
                            <p class="col-span-2 text-neutral-500 text-[13px]">\(size)</p>
                            <p class="col-span-2 text-neutral-500 text-[13px]">\(context)</p>
                            <div class="col-span-2 text-neutral-500 text-[13px] ">\(input)</div>
                          </div>
                          <div class="flex text-neutral-500 text-xs items-center">
                            <span class="font-mono text-[11px]">\(digest)</span>&nbsp;·&nbsp;\(updated)
                          </div>
                        </div>
                      </div>
            """
    }

    // MARK: Markup

    /// Escapes as Go's html/template does (`'` as `&#39;`, `"` as `&#34;`).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&#34;"
            case "'": out += "&#39;"
            default: out.append(character)
            }
        }
        return out
    }

    static func document(title: String, main: String) -> String {
        """
        <!doctype html>
        <html class="h-full overflow-y-scroll">
          <head>
            <title>\(title)</title>
            <meta charset="utf-8" />
            <meta name="viewport" content="width=device-width, initial-scale=1" />
            <link href="/public/tailwind.css?v=7fe42bd001ef62a0c6d6ef8ae157462d" rel="stylesheet" />
            <script src="/public/vendor/htmx/bundle.js"></script>
          </head>
          <body class="antialiased min-h-screen w-full m-0 flex flex-col">
            <header class="sticky top-0 z-40 bg-white underline-offset-4 lg:static">
              <nav class="flex w-full items-center justify-between px-6 py-3.5">
                <a href="/" class="z-50"><img src="/public/ollama.png" class="w-8" alt="Ollama" /></a>
                <a href="/models">Models</a>
              </nav>
            </header>
            <main class="flex-grow">
              \(main)
            </main>
          </body>
        </html>

        """
    }

    static let downloadIcon =
        #"<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke-width="1.5" stroke="currentColor" class="mr-1.5 h-[14px] w-[14px] sm:h-4 sm:w-4"><path stroke-linecap="round" stroke-linejoin="round" d="M3 16.5v2.25A2.25 2.25 0 005.25 21h13.5A2.25 2.25 0 0021 18.75V16.5M16.5 12L12 16.5m0 0L7.5 12m4.5 4.5V3"></path></svg>"#
    static let tagIcon =
        #"<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke-width="1.5" stroke="currentColor" class="mr-1.5 h-[14px] w-[14px] sm:h-4 sm:w-4"><path stroke-linecap="round" stroke-linejoin="round" d="M6 6h.008v.008H6V6z" /></svg>"#
    static let clockIcon =
        #"<svg xmlns="http://www.w3.org/2000/svg" fill="none" viewBox="0 0 24 24" stroke-width="1.5" stroke="currentColor" class="mr-1.5 h-[14px] w-[14px] sm:h-4 sm:w-4"><path stroke-linecap="round" stroke-linejoin="round" d="M12 6v6h4.5m4.5 0a9 9 0 1 1-18 0 9 9 0 0 1 18 0Z"></path></svg>"#
}
