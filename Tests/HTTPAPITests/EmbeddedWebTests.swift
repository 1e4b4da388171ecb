import Foundation
import HangarCore
import Testing

@testable import HTTPAPI

/// A release serves the web UI from the archive inside its binary: the same files, chosen by
/// the same rule, as from a folder.
@Suite struct EmbeddedWebTests {
    @Test func theArchiveServesWhatTheFolderServes() throws {
        let folder = try WebUIServingTests.makeWebDirectory()
        let archivePath = folder + ".tar"
        #expect(FileManager.default.createFile(atPath: archivePath, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: archivePath))
        let tar = TarWriter(handle: handle)
        let walker = try #require(FileManager.default.enumerator(atPath: folder))
        var names: [String] = []
        while let relative = walker.nextObject() as? String {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: folder + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue
            else { continue }
            try tar.addFile(name: "web/" + relative, path: folder + "/" + relative)
            names.append(relative)
        }
        try tar.add(name: "openapi.yaml", data: Data("openapi: 3.1.0\n".utf8))
        try tar.finish()
        try handle.close()
        #expect(names.contains("tests/store.test.js") && names.contains(".env"), "the archive holds the private files too")

        let fromFolder = StaticFiles<HangarRequestContext>(directory: folder).files
        let fromArchive = StaticFiles<HangarRequestContext>(archive: try TarReader(path: archivePath)).files
        #expect(fromArchive.keys.sorted() == ["/app.js", "/index.html", "/manifest.webmanifest"])
        #expect(fromArchive.keys.sorted() == fromFolder.keys.sorted())
        for (path, file) in fromArchive {
            #expect(file.contentType == fromFolder[path]?.contentType)
            #expect(StaticFiles<HangarRequestContext>.read(file) == StaticFiles<HangarRequestContext>.read(try #require(fromFolder[path])))
            let version = try #require(StaticFiles<HangarRequestContext>.version(of: file))
            #expect(version.size == StaticFiles<HangarRequestContext>.read(file)?.count)
        }
        #expect(StaticFiles<HangarRequestContext>(archive: nil).files.isEmpty)
    }
}
