import AsyncHTTPClient
import Foundation
import HangarTesting
import Testing

@Suite struct FakeOllamaLibraryTests {
    @Test func searchServesCardsWithTheSiteMarkersFilteredByQuery() async throws {
        try await FakeOllamaLibrary.withServer { library in
            let page = try await send(.GET, library.baseURL + "/search?q=llama")
            #expect(page.status == 200)
            #expect(page.headers.first(name: "Content-Type")?.hasPrefix("text/html") == true)
            let html = page.text
            #expect(html.components(separatedBy: "<li x-test-model").count == 2)
            for marker in [
                #"<a href="/library/llama3.2""#, "<span x-test-search-response-title>llama3.2</span>",
                #"<p class="max-w-lg break-words"#, "Meta&#39;s Llama 3.2", ">tools</span>", ">3b</span>",
                "<span x-test-pull-count>24.1M</span>", "<span x-test-tag-count>63</span>",
                "<span x-test-updated>10 months ago</span>",
            ] {
                #expect(html.contains(marker), "missing \(marker)")
            }
            let all = try await send(.GET, library.baseURL + "/search?q=").text
            #expect(all.components(separatedBy: "<li x-test-model").count == 5)
            let none = try await send(.GET, library.baseURL + "/search?q=zzz").text
            #expect(none.contains("No models found.") && !none.contains("x-test-model "))
        }
    }

    @Test func tagsListVariantsWithSizeContextAndDigest() async throws {
        let catalog = FakeOllamaCatalog.standard()
        try await FakeOllamaLibrary.withServer(catalog: catalog) { library in
            let html = try await send(.GET, library.baseURL + "/library/qwen2.5/tags").text
            #expect(html.contains(#"href="/library/qwen2.5:0.5b""#))
            #expect(html.contains(#"href="/library/qwen2.5:latest""#))
            #expect(html.contains(">398MB</p>") && html.contains(">32K</p>"))
            let digest = try #require(catalog.model("qwen2.5:0.5b")?.digest.prefix(12))
            #expect(html.contains(String(digest)))

            #expect(try await send(.GET, library.baseURL + "/library/nope/tags").status == 404)
            library.mode = .serverError
            #expect(try await send(.GET, library.baseURL + "/search?q=").status == 500)
            library.mode = .dropConnection
            await #expect(throws: (any Error).self) { try await send(.GET, library.baseURL + "/search?q=") }
        }
    }
}
