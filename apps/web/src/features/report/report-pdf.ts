/**
 * The dispatch report as an A4 PDF, built in the browser. This module is loaded only when someone asks
 * for the file: jsPDF and html2canvas are ~200 KiB gzip and most visits never need them.
 */
import html2canvas from "html2canvas-pro";
import { jsPDF } from "jspdf";
import { type Block, paginate, type TableBox } from "./paginate";

const PAGE_MM = { width: 210, height: 297 };
/** The same margin as the print stylesheet's `@page`. */
const MARGIN_MM = 12;
/** Browsers refuse canvases much taller than 32,767 px; stay under it by lowering the scale. */
const MAX_CANVAS_PX = 30_000;

/**
 * Renders `element` (the report, without its paper margins) and saves it as `fileName`: A4 portrait,
 * 12 mm margins, rows kept whole, table headers repeated, page numbers at the foot of each page.
 */
export async function downloadReportPdf(element: HTMLElement, fileName: string): Promise<void> {
  const origin = element.getBoundingClientRect();
  const box = (node: Element, extraBottom = 0): Block => {
    const r = node.getBoundingClientRect();
    return { top: r.top - origin.top, bottom: r.bottom - origin.top + extraBottom };
  };
  const contentWidthMm = PAGE_MM.width - 2 * MARGIN_MM;
  const contentHeightMm = PAGE_MM.height - 2 * MARGIN_MM - 6; // 6 mm for the page number
  const mmPerPx = contentWidthMm / origin.width;

  const blocks = [...element.querySelectorAll("tr, .report-keep")].map((node) => box(node));
  // A heading stays with the first lines under it.
  for (const node of element.querySelectorAll("h2, h3")) blocks.push(box(node, 64));
  const tables: TableBox[] = [];
  for (const table of element.querySelectorAll("table")) {
    const head = table.querySelector("thead");
    if (!head) continue;
    const t = box(table);
    const h = box(head);
    tables.push({ ...t, headTop: h.top, headBottom: h.bottom });
  }
  const pages = paginate(origin.height, contentHeightMm / mmPerPx, blocks, tables);

  const scale = Math.min(2, MAX_CANVAS_PX / origin.height);
  const canvas = await html2canvas(element, {
    scale,
    backgroundColor: "#ffffff",
    logging: false,
    onclone: (_document, clone) => clone.classList.add("report-pdf"),
  });
  const px = (cssPx: number) => Math.min(Math.round(cssPx * scale), canvas.height);

  const pdf = new jsPDF({ orientation: "portrait", unit: "mm", format: "a4", compress: true });
  pages.forEach((page, i) => {
    const parts = [...(page.head ? [page.head] : []), { top: page.start, bottom: page.end }].map((b) => ({
      y: px(b.top),
      height: px(b.bottom) - px(b.top),
    }));
    const sheet = document.createElement("canvas");
    sheet.width = canvas.width;
    sheet.height = parts.reduce((sum, p) => sum + p.height, 0);
    const context = sheet.getContext("2d");
    if (!context || sheet.height <= 0) throw new Error("could not draw the PDF page");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, sheet.width, sheet.height);
    let y = 0;
    for (const part of parts) {
      context.drawImage(canvas, 0, part.y, canvas.width, part.height, 0, y, canvas.width, part.height);
      y += part.height;
    }
    if (i > 0) pdf.addPage("a4", "portrait");
    // JPEG keeps a text page near 150 KB where PNG takes ~500 KB; at twice the screen resolution it stays sharp.
    pdf.addImage(
      sheet.toDataURL("image/jpeg", 0.9),
      "JPEG",
      MARGIN_MM,
      MARGIN_MM,
      contentWidthMm,
      (sheet.height / scale) * mmPerPx,
      undefined,
      "FAST",
    );
    pdf.setFontSize(8);
    pdf.setTextColor(90);
    pdf.text(`${i + 1} / ${pages.length}`, PAGE_MM.width / 2, PAGE_MM.height - MARGIN_MM / 2, { align: "center" });
  });
  pdf.save(fileName);
}
