// RenderInvoicePdf with libhpdf (see invoice_pdf.h).
#include "billing/invoice_pdf.h"

#include <fmt/format.h>
#include <hpdf.h>

#include <filesystem>
#include <memory>

namespace leados::billing {
namespace {

struct HpdfError {
  HPDF_STATUS code = 0;
  HPDF_STATUS detail = 0;
};

void OnError(HPDF_STATUS code, HPDF_STATUS detail, void* user) {
  auto* e = static_cast<HpdfError*>(user);
  if (e->code == 0) {
    e->code = code;
    e->detail = detail;
  }
}

struct DocDeleter {
  void operator()(HPDF_Doc d) const { HPDF_Free(d); }
};

constexpr float kPageWidth = 595.276f;  // A4 in points
constexpr float kPageHeight = 841.89f;
constexpr float kMargin = 56.0f;
constexpr float kLineHeight = 14.0f;
constexpr float kBottom = 80.0f;

class Writer {
 public:
  Writer(HPDF_Doc pdf, HPDF_Font font, HPDF_Font bold) : pdf_(pdf), font_(font), bold_(bold) {}

  void NewPage() {
    page_ = HPDF_AddPage(pdf_);
    HPDF_Page_SetSize(page_, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    pages_.push_back(page_);
    y_ = kPageHeight - kMargin;
  }

  void Text(float x, float y, std::string_view text, float size = 10, bool bold = false) {
    if (text.empty()) return;
    const std::string s(text);
    HPDF_Page_BeginText(page_);
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : font_, size);
    HPDF_Page_TextOut(page_, x, y, s.c_str());
    HPDF_Page_EndText(page_);
  }
  // Right-aligned at `right`.
  void TextRight(float right, float y, std::string_view text, float size = 10, bool bold = false) {
    const std::string s(text);
    HPDF_Page_SetFontAndSize(page_, bold ? bold_ : font_, size);
    const float w = HPDF_Page_TextWidth(page_, s.c_str());
    Text(right - w, y, text, size, bold);
  }
  void Rule(float y) {
    HPDF_Page_SetLineWidth(page_, 0.5f);
    HPDF_Page_MoveTo(page_, kMargin, y);
    HPDF_Page_LineTo(page_, kPageWidth - kMargin, y);
    HPDF_Page_Stroke(page_);
  }

  float& y() { return y_; }
  const std::vector<HPDF_Page>& pages() const { return pages_; }
  HPDF_Font font() const { return font_; }

 private:
  HPDF_Doc pdf_;
  HPDF_Font font_;
  HPDF_Font bold_;
  HPDF_Page page_ = nullptr;
  std::vector<HPDF_Page> pages_;
  float y_ = 0;
};

// Table columns (x of the left edge, or of the right edge for numbers).
constexpr float kColDescription = kMargin;
constexpr float kColQuantity = 360.0f;  // right edge
constexpr float kColUnit = 450.0f;      // right edge
constexpr float kColAmount = kPageWidth - kMargin;

void TableHeader(Writer& w, const InvoiceDocument& doc) {
  const bool purchase = doc.kind == InvoiceKind::kPurchase;
  w.Text(kColDescription, w.y(), "Description", 10, true);
  w.TextRight(kColQuantity, w.y(), purchase ? "Quantity" : "Credits", 10, true);
  if (purchase) w.TextRight(kColUnit, w.y(), "Unit price", 10, true);
  if (purchase || doc.total_cents != 0) w.TextRight(kColAmount, w.y(), "Amount", 10, true);
  w.y() -= 5;
  w.Rule(w.y());
  w.y() -= kLineHeight;
}

// Cuts a description to what fits in the description column (by UTF-8 characters).
std::string Fit(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (chars == max_chars) return std::string(text.substr(0, i)) + "…";
      ++chars;
    }
  }
  return std::string(text);
}

}  // namespace

core::Result<std::string> RenderInvoicePdf(const InvoiceDocument& doc,
                                           const InvoicePdfOptions& options) {
  HpdfError error;
  std::unique_ptr<std::remove_pointer_t<HPDF_Doc>, DocDeleter> owner(HPDF_New(OnError, &error));
  if (!owner) return core::Internal("libhpdf: cannot create a document");
  HPDF_Doc pdf = owner.get();
  HPDF_SetCompressionMode(pdf, HPDF_COMP_ALL);
  HPDF_UseUTFEncodings(pdf);
  HPDF_SetCurrentEncoder(pdf, "UTF-8");

  std::error_code ec;
  if (!std::filesystem::is_regular_file(options.font_file, ec)) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("billing.invoice_font: cannot load '{}': no such file (install "
                                  "fonts-dejavu-core or point it at a .ttf font)",
                                  options.font_file));
  }
  const char* font_name = HPDF_LoadTTFontFromFile(pdf, options.font_file.c_str(), HPDF_TRUE);
  if (font_name == nullptr || error.code != 0) {
    return core::Fail(core::ErrorCode::kFailedPrecondition,
                      fmt::format("billing.invoice_font: cannot load '{}' as a TrueType font "
                                  "(libhpdf error 0x{:04X})",
                                  options.font_file, static_cast<unsigned>(error.code)));
  }
  HPDF_Font font = HPDF_GetFont(pdf, font_name, "UTF-8");
  // The bold face sits beside the regular one in most families (DejaVuSans-Bold.ttf); without it
  // headings use the regular face.
  HPDF_Font bold = font;
  std::filesystem::path bold_path = options.font_file;
  bold_path.replace_filename(bold_path.stem().string() + "-Bold" + bold_path.extension().string());
  if (std::filesystem::is_regular_file(bold_path, ec)) {
    if (const char* bold_name = HPDF_LoadTTFontFromFile(pdf, bold_path.c_str(), HPDF_TRUE)) {
      bold = HPDF_GetFont(pdf, bold_name, "UTF-8");
    }
  }
  if (error.code != 0) {
    return core::Internal(fmt::format("libhpdf error 0x{:04X} ({}) loading fonts",
                                      static_cast<unsigned>(error.code),
                                      static_cast<unsigned>(error.detail)));
  }

  Writer w(pdf, font, bold);
  w.NewPage();
  const bool purchase = doc.kind == InvoiceKind::kPurchase;

  // Seller block, top left.
  for (size_t i = 0; i < doc.seller_lines.size(); ++i) {
    w.Text(kMargin, w.y(), doc.seller_lines[i], i == 0 ? 12 : 9, i == 0);
    w.y() -= i == 0 ? 15 : 11;
  }
  // Title block, top right.
  float ty = kPageHeight - kMargin;
  w.TextRight(kColAmount, ty, purchase ? "Invoice" : "Statement of usage", 18, true);
  ty -= 22;
  w.TextRight(kColAmount, ty, "Number: " + doc.number, 10);
  ty -= kLineHeight;
  w.TextRight(kColAmount, ty, "Date: " + FormatDate(doc.issued_at_ms), 10);
  ty -= kLineHeight;
  if (!doc.period.empty()) w.TextRight(kColAmount, ty, "Period: " + doc.period, 10);

  // Buyer block.
  w.y() = std::min(w.y(), ty) - 30;
  w.Text(kMargin, w.y(), purchase ? "Bill to" : "Account", 9, true);
  w.y() -= kLineHeight;
  for (const auto& line : doc.buyer_lines) {
    w.Text(kMargin, w.y(), line, 10);
    w.y() -= kLineHeight;
  }
  w.y() -= 20;

  TableHeader(w, doc);
  for (const auto& line : doc.lines) {
    if (w.y() < kBottom + 2 * kLineHeight) {
      w.NewPage();
      w.Text(kMargin, w.y(), doc.number + " (continued)", 9);
      w.y() -= 2 * kLineHeight;
      TableHeader(w, doc);
    }
    w.Text(kColDescription, w.y(), Fit(line.description, purchase ? 48 : 60), 10);
    w.TextRight(kColQuantity, w.y(), fmt::format("{}", line.quantity), 10);
    if (purchase)
      w.TextRight(kColUnit, w.y(), FormatMoney(line.unit_price_cents, doc.currency), 10);
    if (purchase || line.amount_cents != 0) {
      w.TextRight(kColAmount, w.y(), FormatMoney(line.amount_cents, doc.currency), 10);
    }
    w.y() -= kLineHeight;
  }
  if (w.y() < kBottom + 5 * kLineHeight) {
    w.NewPage();
    w.Text(kMargin, w.y(), doc.number + " (continued)", 9);
    w.y() -= 2 * kLineHeight;
  }
  w.Rule(w.y() + kLineHeight - 5);
  w.y() -= 4;
  if (!purchase) {
    w.Text(kColDescription, w.y(), "Credits consumed", 10, true);
    w.TextRight(kColQuantity, w.y(), fmt::format("{}", doc.total_credits), 10, true);
    w.y() -= kLineHeight;
  }
  if (purchase || doc.total_cents != 0) {
    w.Text(kColDescription, w.y(), "Total", 11, true);
    w.TextRight(kColAmount, w.y(), FormatMoney(doc.total_cents, doc.currency), 11, true);
    w.y() -= kLineHeight;
  }
  w.y() -= kLineHeight;
  if (!doc.reference.empty()) {
    w.Text(kMargin, w.y(), "Reference: " + doc.reference, 8);
    w.y() -= 11;
  }
  if (!doc.note.empty()) w.Text(kMargin, w.y(), doc.note, 9);

  const size_t pages = w.pages().size();
  for (size_t i = 0; i < pages; ++i) {
    HPDF_Page page = w.pages()[i];
    const std::string foot = fmt::format("{} · Page {} of {}", doc.number, i + 1, pages);
    HPDF_Page_BeginText(page);
    HPDF_Page_SetFontAndSize(page, font, 8);
    HPDF_Page_TextOut(page, kMargin, 40, foot.c_str());
    HPDF_Page_EndText(page);
  }

  if (error.code != 0) {
    return core::Internal(fmt::format("libhpdf error 0x{:04X} ({}) while drawing invoice {}",
                                      static_cast<unsigned>(error.code),
                                      static_cast<unsigned>(error.detail), doc.number));
  }
  if (HPDF_SaveToStream(pdf) != HPDF_OK) {
    return core::Internal(fmt::format("libhpdf error 0x{:04X} saving invoice {}",
                                      static_cast<unsigned>(error.code), doc.number));
  }
  std::string out;
  out.resize(HPDF_GetStreamSize(pdf));
  HPDF_UINT32 size = static_cast<HPDF_UINT32>(out.size());
  HPDF_ResetStream(pdf);
  const HPDF_STATUS read =
      HPDF_ReadFromStream(pdf, reinterpret_cast<HPDF_BYTE*>(out.data()), &size);
  if (read != HPDF_OK && read != HPDF_STREAM_EOF) {
    return core::Internal(fmt::format("libhpdf error 0x{:04X} reading invoice {}",
                                      static_cast<unsigned>(error.code), doc.number));
  }
  out.resize(size);
  return out;
}

}  // namespace leados::billing
