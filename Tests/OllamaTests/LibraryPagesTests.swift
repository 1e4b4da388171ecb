import Testing

@testable import Ollama

@Suite("Library pages (ollama.com HTML, best effort)")
struct LibraryPagesTests {
    static let search = """
        <ul role="list">
          <li x-test-model class="flex items-baseline border-b">
            <a href="/library/qwen2.5" class="group w-full">
              <div class="flex flex-col"><h2><span x-test-search-response-title>qwen2.5</span></h2>
              <p class="max-w-lg break-words text-neutral-800 text-md">Qwen2.5 models &amp; more: up to 128K tokens.</p></div>
              <div><span x-test-capability class="inline-flex">tools</span>
                <span x-test-size class="inline-flex">0.5b</span><span x-test-size class="inline-flex">7b</span></div>
              <p><span x-test-pull-count>12.3M</span> Pulls <span x-test-tag-count>133</span> Tags
                 Updated <span x-test-updated>9 months ago</span></p>
            </a>
          </li>
          <li x-test-model class="flex"><a href="/library/llama3.2" class="group w-full">
              <span x-test-search-response-title>llama3.2</span></a></li>
          <li x-test-model class="flex"><a href="/library/qwen2.5"><span x-test-search-response-title>qwen2.5</span></a></li>
        </ul>
        """

    @Test("cards become models; a missing part is left out, not guessed; duplicates dropped")
    func searchResults() {
        let models = LibraryPages.searchResults(Self.search)
        #expect(models.map(\.name) == ["qwen2.5", "llama3.2"])
        let first = models[0]
        #expect(first.description == "Qwen2.5 models & more: up to 128K tokens.")
        #expect(first.capabilities == ["tools"])
        #expect(first.sizes == ["0.5b", "7b"])
        #expect(first.pulls == "12.3M")
        #expect(first.tags == 133)
        #expect(first.updated == "9 months ago")
        #expect(models[1].description == nil && models[1].sizes.isEmpty && models[1].tags == nil)
    }

    @Test("a page without the markers gives nothing (never a crash)")
    func changedPage() {
        #expect(LibraryPages.searchResults("<html><body>No models found.</body></html>").isEmpty)
        #expect(LibraryPages.searchResults("x-test-model x-test-search-response-title").isEmpty)
    }

    @Test("variants: tags from the links, with size, context and date when shown")
    func variants() {
        let html = """
            <a href="/library/qwen2.5:latest" class="group"><span>qwen2.5:latest</span></a>
            <p>4.7GB · 32K context window · Text · 9 months ago</p>
            <a href="/library/qwen2.5:0.5b"><span>qwen2.5:0.5b</span></a><p>398MB · 32K context window · 1 year ago</p>
            <a href="/library/qwen2.5:0.5b">again</a>
            <a href="/library/qwen2.5:bad tag">x</a>
            <a href="/library/other:7b">not this model</a>
            """
        let variants = LibraryPages.variants(html, path: "library/qwen2.5", model: "qwen2.5")
        #expect(variants.map(\.name) == ["qwen2.5:latest", "qwen2.5:0.5b"])
        #expect(variants[0].size == "4.7GB")
        #expect(variants[0].context == "32K")
        #expect(variants[0].updated == "9 months ago")
        #expect(variants[1].size == "398MB")
    }
}
