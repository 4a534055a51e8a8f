/**
 * The compliance report: a model built from the event store and the vendor catalogs ({@link
 * io.banwatch.report.ReportBuilder}), rendered as one self-contained HTML page with inline CSS and SVG ({@link
 * io.banwatch.report.HtmlReport}), and printed to PDF by headless Chromium ({@link io.banwatch.report.PdfPrinter}).
 */
package io.banwatch.report;
