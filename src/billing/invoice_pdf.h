#pragma once
// Renders an InvoiceDocument as a PDF with libhpdf: A4, the seller block top left, the title
// ("Invoice" or "Statement of usage"), number, issue date (and period), the buyer block, the table
// of lines, the total, the reference and the note; long tables continue on further pages with
// "Page n of m" at the foot of each.
//
// Text encoding (checked with pdftotext): the text is UTF-8 drawn with a TrueType font embedded
// in the PDF through libhpdf's UTF-8 encoder (HPDF_UseUTFEncodings), so any character the font has
// prints and can be extracted, e.g. "Zoë Müller GmbH, Köln" or "Łódź"; the default font is
// DejaVu Sans (Debian's fonts-dejavu-core), which covers Latin, Greek and Cyrillic. A character
// the font lacks prints as the font's blank glyph. (WinAnsiEncoding with the base-14 fonts would
// cover only Western European letters, hence TrueType.) The whole font is embedded (libhpdf
// does not subset): about 90 KB per PDF with compression on.
//
// Deterministic: the same document gives the same bytes (no creation date, no random ids), so a
// PDF made again after a failed upload is identical. Thread-safe (one libhpdf document per call).

#include <string>

#include "billing/invoice.h"
#include "core/result.h"

namespace leados::billing {

inline constexpr const char* kDefaultInvoiceFont =
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

struct InvoicePdfOptions {
  std::string font_file = kDefaultInvoiceFont;  // a TrueType (.ttf) font
};

// The PDF bytes. Errors: kFailedPrecondition "billing.invoice_font: cannot load …" when the font
// file is missing or not a TrueType font; kInternal for any other libhpdf failure (with its code).
core::Result<std::string> RenderInvoicePdf(const InvoiceDocument& doc,
                                           const InvoicePdfOptions& options = {});

}  // namespace leados::billing
