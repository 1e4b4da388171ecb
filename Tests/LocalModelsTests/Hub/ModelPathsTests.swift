import Foundation
import Testing

@testable import LocalModels

@Suite struct ModelPathsTests {
    func path(
        _ models: String, repo: String = "unsloth/Qwen3-0.6B-GGUF", revision: String = "main",
        file: String = "Qwen3-0.6B-Q4_0.gguf"
    ) throws -> String {
        try ModelPaths.localPath(modelsDirectory: models, file: HubFileReference(repo: repo, revision: revision, file: file))
    }

    @Test func layoutIsOwnerNameRevisionFile() throws {
        #expect(try path("/data/models") == "/data/models/unsloth/Qwen3-0.6B-GGUF/main/Qwen3-0.6B-Q4_0.gguf")
        #expect(
            try path("/data/models/", revision: "refs/pr/1", file: "Q4/part-1.gguf")
                == "/data/models/unsloth/Qwen3-0.6B-GGUF/refs%2Fpr%2F1/Q4/part-1.gguf")
        #expect(try path("/data/./x/../models") == "/data/models/unsloth/Qwen3-0.6B-GGUF/main/Qwen3-0.6B-Q4_0.gguf")
    }

    @Test func relativeModelsDirectoryIsMadeAbsolute() throws {
        let result = try path("models")
        #expect(result == FileManager.default.currentDirectoryPath + "/models/unsloth/Qwen3-0.6B-GGUF/main/Qwen3-0.6B-Q4_0.gguf")
    }

    @Test(arguments: [
        "../x.gguf", "a/../../x.gguf", "/etc/x.gguf", "a//x.gguf", "./x.gguf", "a\\..\\x.gguf", "x\u{0}.gguf", "x.bin",
        "", "dir/", "x.gguf/..",
    ])
    func unsafeFileNamesAreRefused(file: String) {
        #expect {
            try path("/data/models", file: file)
        } throws: { error in
            (error as? DownloadError)?.code == .invalidReference
        }
    }

    @Test(arguments: ["..", "a/../b", "", "a b", "x~1", "main:foo", "a//b", "/main", "main/", "a\\b", "refs/heads/x.lock"])
    func unsafeRevisionsAreRefused(revision: String) {
        #expect(throws: DownloadError.self) { try path("/data/models", revision: revision) }
    }

    @Test(arguments: [
        "onlyname", "a/b/c", "../b", "a/..", "-a/b", "a/b-", "a--b/c", "a/b..c", "a/b.git", "a b/c",
        "a/" + String(repeating: "x", count: 97),
        "/a", "a/", "ä/b",
    ])
    func invalidRepositoryIdsAreRefused(repo: String) {
        #expect(throws: DownloadError.self) { try path("/data/models", repo: repo) }
    }

    @Test(arguments: ["unsloth/Qwen3-0.6B-GGUF", "TheBloke/Llama-2-7B-GGUF", "a_b/c.d-e", "x/" + String(repeating: "y", count: 96)])
    func validRepositoryIdsAreAccepted(repo: String) throws {
        _ = try path("/data/models", repo: repo)
    }

    @Test func symbolicLinkLeadingOutsideIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let models = directory + "/models"
            let outside = directory + "/outside"
            try FileManager.default.createDirectory(atPath: models + "/acme", withIntermediateDirectories: true)
            try FileManager.default.createDirectory(atPath: outside, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: models + "/acme/tiny", withDestinationPath: outside)

            #expect {
                try path(models, repo: "acme/tiny", file: "x.gguf")
            } throws: { error in
                (error as? DownloadError)?.code == .filesystem
            }
        }
    }

    @Test func partFileLinkLeadingOutsideIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let models = directory + "/models"
            let folder = models + "/acme/tiny/main"
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: folder + "/x.gguf.part", withDestinationPath: "/etc/passwd")

            #expect(throws: DownloadError.self) { try path(models, repo: "acme/tiny", file: "x.gguf") }
        }
    }

    @Test func linksThatStayInsideAndALinkedModelsDirectoryAreFine() async throws {
        try await withTemporaryDirectory { directory in
            let real = directory + "/real-models"
            let models = directory + "/models"
            try FileManager.default.createDirectory(atPath: real + "/shared", withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: models, withDestinationPath: real)
            try FileManager.default.createSymbolicLink(atPath: real + "/acme", withDestinationPath: real + "/shared")

            #expect(try path(models, repo: "acme/tiny", file: "x.gguf") == models + "/acme/tiny/main/x.gguf")
        }
    }

    @Test func danglingLinkIsRefused() async throws {
        try await withTemporaryDirectory { directory in
            let models = directory + "/models"
            try FileManager.default.createDirectory(atPath: models, withIntermediateDirectories: true)
            try FileManager.default.createSymbolicLink(atPath: models + "/acme", withDestinationPath: directory + "/gone")

            #expect(throws: DownloadError.self) { try path(models, repo: "acme/tiny", file: "x.gguf") }
        }
    }
}
