import Foundation
import Hummingbird
import Testing
@testable import WebApp

/// The import page's parts that need no server: the multipart form as a browser posts it, the
/// uploads kept between the check and the confirm, the duplicates' reasons in Vietnamese.
@Suite struct UploadTests {
    static func body(_ parts: [String], boundary: String = "----WebKitFormBoundaryQ1w2") -> ByteBuffer {
        ByteBuffer(string: parts.map { "--\(boundary)\r\n\($0)\r\n" }.joined() + "--\(boundary)--\r\n")
    }

    @Test func aBrowsersMultipartFormGivesItsFieldsAndFiles() throws {
        let body = Self.body([
            "Content-Disposition: form-data; name=\"_csrf\"\r\n\r\nabc123",
            "Content-Disposition: form-data; name=\"file\"; filename=\"Đề nghị; 2025.csv\"\r\nContent-Type: text/csv\r\n\r\nMã,Năm\r\nx,2025",
            "Content-Disposition: form-data; name=\"sheet\"\r\n\r\n",
            "Content-Disposition: form-data; name=\"other\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n",
        ])
        let form = try MultipartForm(body: body, boundary: "----WebKitFormBoundaryQ1w2")
        #expect(form.fields["_csrf"] == "abc123")
        #expect(form.fields["sheet"] == "" && form.fields.text("sheet") == nil)
        #expect(form.files.count == 1, "a file input left empty sends no file")
        let file = try #require(form.files.first)
        #expect(file.field == "file" && file.filename == "Đề nghị; 2025.csv")
        #expect(file.data == Data("Mã,Năm\r\nx,2025".utf8), "the bytes between the headers and the boundary, line breaks kept")
    }

    @Test func theBoundaryComesFromAMultipartContentTypeOnly() {
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=----abc") == "----abc")
        #expect(MultipartForm.boundary(ofContentType: "Multipart/Form-Data; charset=utf-8; boundary=\"q r\"") == "q r")
        #expect(MultipartForm.boundary(ofContentType: "application/x-www-form-urlencoded") == nil)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data") == nil)
        #expect(MultipartForm.boundary(ofContentType: "multipart/form-data; boundary=") == nil)
    }

    @Test func aBodyThatIsNotMultipartGivesNoToken() {
        let form = (try? MultipartForm(body: ByteBuffer(string: "_csrf=abc123&x=1"), boundary: "zz")) ?? MultipartForm()
        #expect(form.fields["_csrf"] == nil && form.files.isEmpty)
    }

    @Test func headerParametersKeepQuotedSemicolons() {
        let parameters = MultipartForm.parameters(of: "form-data; name=\"file\"; filename=\"a;b \\\"c\\\".xlsx\"")
        #expect(parameters["name"] == "file")
        #expect(parameters["filename"] == "a;b \"c\".xlsx")
    }

    @Test func uploadsAreKeptBoundedAndExpire() async {
        let store = PendingUploads(), start = Date()
        let first = await store.add(Upload(filename: "../../a.csv", data: Data("x".utf8)), owner: "s1", people: false, sheet: nil, now: start)
        #expect(first.count == 32)
        #expect(await store.entry(first, owner: "s1", now: start)?.upload.filename == "a.csv", "no folder in the kept name")
        #expect(await store.entry(first, owner: "s2", now: start) == nil, "another session's upload is not seen")
        var ids = [first]
        for n in 1..<PendingUploads.capacity + 2 {
            ids.append(await store.add(Upload(filename: "\(n).csv", data: Data()), owner: "s1", people: true, sheet: nil, now: start + Double(n)))
        }
        #expect(await store.entry(first, owner: "s1", now: start + 20) == nil, "the oldest went first")
        #expect(await store.entry(ids.last!, owner: "s1", now: start + 20) != nil)
        #expect(await store.entry(ids.last!, owner: "s1", now: start + PendingUploads.lifetime + 60) == nil, "expired")
    }

    @Test func workbooksAreKnownByTheirContent() {
        #expect(Upload(filename: "a.csv", data: Data([0x50, 0x4B, 0x03, 0x04, 0])).isWorkbook)
        #expect(Upload(filename: "a.xlsx", data: Data("Mã,Năm".utf8)).isWorkbook == false)
        #expect(Upload(filename: "", data: Data()).filename == "tep-tai-len")
    }

    @Test func duplicatesReasonsInVietnamese() {
        #expect(ImportPage.duplicate("same nominee, year, award and province as row 3") == "cùng người được đề nghị, năm, khen thưởng và tỉnh với dòng 3")
        #expect(ImportPage.duplicate("nomination hn-1 already exists") == "hồ sơ hn-1 đã có")
        #expect(ImportPage.duplicate("id x-1 is also row 4") == "mã x-1 trùng với dòng 4")
        #expect(ImportPage.duplicate("person year cb-1-2025 already exists") == "bản ghi cán bộ theo năm cb-1-2025 đã có")
        #expect(ImportPage.duplicate("something new") == "something new")
    }
}
