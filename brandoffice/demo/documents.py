"""Small files the demo attaches: a text write-up and a one-page PDF, both in Chinese."""

from __future__ import annotations


def text_file(title: str, lines: list[str]) -> bytes:
    """Return a UTF-8 text file (with a BOM, so that Notepad shows the Chinese) of a title."""
    body = "\r\n".join([title, "", *lines, ""])
    return "\ufeff".encode() + body.encode("utf-8")


def pdf_file(title: str, lines: list[str]) -> bytes:
    """Return a one-page A4 PDF with a title and lines of Chinese text.

    The text uses the Adobe CJK font STSong-Light, which PDF readers supply themselves,
    so nothing is embedded and the file stays a few kilobytes.
    """

    def hex_text(text: str) -> str:
        return "<" + text.encode("utf-16-be").hex().upper() + ">"

    shown = [f"BT /F1 18 Tf 72 770 Td {hex_text(title)} Tj ET"]
    for number, line in enumerate(lines):
        shown.append(f"BT /F1 12 Tf 72 {730 - 22 * number} Td {hex_text(line)} Tj ET")
    content = "\n".join(shown).encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
        b"<< /Length " + str(len(content)).encode() + b" >>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [6 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> "
        b"/FontDescriptor 7 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 "
        b"/FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 "
        b"/CapHeight 880 /StemV 93 >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    out += f"startxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
