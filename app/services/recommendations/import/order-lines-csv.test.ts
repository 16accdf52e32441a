import { Readable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OrderImportError, readOrderLinesCsv, type ColumnMapping } from "./order-lines-csv";

const mapping: ColumnMapping = {
  order: "InvoiceNo",
  customer: "CustomerID",
  product: "StockCode",
  date: "InvoiceDate",
  quantity: "Quantity",
  price: "UnitPrice",
  title: "Description",
};
const HEADER = "InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country";
const csv = (...lines: string[]) => Buffer.from(lines.join("\n") + "\n");

describe("readOrderLinesCsv", () => {
  it("keeps good lines and reports each bad one by line number", async () => {
    const file = csv(
      HEADER, // 1
      "536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom", // 2 ok
      "536365,,NO CODE,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom", // 3 empty product
      "536366,22633,HAND WARMER,6,yesterday,1.85,17850.0,United Kingdom", // 4 bad date
      "536366,22632,HAND WARMER RED,six,12/1/2010 8:28,1.85,17850.0,United Kingdom", // 5 bad quantity
      "C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom", // 6 cancellation
      "536380,22961,JAM MAKING SET,0,2010-12-01 09:41:00,1.45,,United Kingdom", // 7 quantity 0
      "536381,22139,RETROSPOT TEA SET,3,12/1/2010 9:45,4.95,,United Kingdom", // 8 ok, no customer
      "536382,22139,TEA SET,3,2010-12-01 09:45:00,abc,15311,United Kingdom", // 9 bad price
      ",22139,TEA SET,3,2010-12-01 09:45:00,1,15311,United Kingdom", // 10 no order
    );
    const r = await readOrderLinesCsv(file, mapping);
    expect(r.rows).toEqual([
      {
        line: 2,
        order: "536365",
        customer: "17850",
        product: "85123A",
        date: Date.UTC(2010, 11, 1, 8, 26),
        quantity: 6,
        price: 2.55,
        title: "WHITE HANGING HEART T-LIGHT HOLDER",
      },
      { line: 8, order: "536381", customer: null, product: "22139", date: Date.UTC(2010, 11, 1, 9, 45), quantity: 3, price: 4.95, title: "RETROSPOT TEA SET" },
    ]);
    expect(r.rejected.map((x) => [x.line, x.code])).toEqual([
      [3, "empty_product"],
      [4, "bad_date"],
      [5, "bad_quantity"],
      [9, "bad_price"],
      [10, "missing_order"],
    ]);
    expect(r.rejected[1].reason).toBe('Line 4: date "yesterday" is not a date (use e.g. 2011-12-09 12:50 or 12/9/2011 12:50).');
    expect(r.skipped.map((x) => [x.line, x.code])).toEqual([
      [6, "cancelled"],
      [7, "non_positive_quantity"],
    ]);
    expect(r).toMatchObject({ accepted: 2, records: 9, lines: 10, delimiter: ",", compressed: false });
    expect(r.counts).toEqual({ empty_product: 1, bad_date: 1, bad_quantity: 1, bad_price: 1, missing_order: 1, cancelled: 1, non_positive_quantity: 1 });
  });

  it("names the missing columns against the header", async () => {
    const file = csv("Order,Product,When", "1,a,2011-01-01");
    const error = await readOrderLinesCsv(file, { order: "Order", customer: "Customer", product: "Product", date: "Date" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OrderImportError);
    expect(error).toMatchObject({ code: "missing_columns", details: { missing: ["Customer", "Date"], header: ["Order", "Product", "When"] } });
    expect((error as Error).message).toBe('Missing columns "Customer", "Date" in the header (line 1). The header has: Order, Product, When.');
  });

  it("reads gzip, a BOM, CRLF, quoted delimiters and newlines, and numbers lines physically", async () => {
    const text =
      "\uFEFFOrder;Customer;Product;Date;Title\r\n" + // 1 (semicolons, sniffed)
      '1;c1;p1;2011-01-01;"Mug; blue"\r\n' + // 2
      '2;c1;p2;2011-01-02;"Two\r\nline ""title"""\r\n' + // 3-4
      "3;c2;;2011-01-03;x\r\n"; // 5: empty product
    const r = await readOrderLinesCsv(gzipSync(Buffer.from(text)), {
      order: "order",
      customer: " CUSTOMER ",
      product: "Product",
      date: "Date",
      title: "Title",
    });
    expect(r.compressed).toBe(true);
    expect(r.delimiter).toBe(";");
    expect(r.rows.map((x) => [x.line, x.product, x.title])).toEqual([
      [2, "p1", "Mug; blue"],
      [3, "p2", 'Two\nline "title"'],
    ]);
    expect(r.rejected).toEqual([{ line: 5, code: "empty_product", reason: 'Line 5: no product in column "Product".' }]);
  });

  it("survives hostile input: an overlong line and a quote that never closes", async () => {
    const lines = [
      "order,customer,product,date", // 1
      "1,c,p1,2011-01-01", // 2
      `2,c,${"x".repeat(5000)},2011-01-01`, // 3: too long
      "3,c,p3,2011-01-03", // 4
      '4,c,"p4,2011-01-04', // 5: quote opens, swallows lines until the limit
      ...Array.from({ length: 100 }, (_, n) => `${5 + n},c,p${5 + n},2011-01-05`), // 6..105 (~20 characters each)
    ];
    const r = await readOrderLinesCsv(csv(...lines), { order: "order", customer: "customer", product: "product", date: "date" }, { maxRecordChars: 1000 });
    expect(r.rows.map((x) => x.line).slice(0, 2)).toEqual([2, 4]);
    expect(r.rejected[0]).toMatchObject({ line: 3, code: "too_long" });
    expect(r.rejected[1]).toMatchObject({ line: 5, code: "unterminated_quote" });
    // The runaway record reaches 1,000 characters on line 55; reading resumes on line 56.
    expect(r.rows.map((x) => x.line).slice(2)).toEqual(Array.from({ length: 50 }, (_, n) => 56 + n));
    expect(r.rejected).toHaveLength(2);
  });

  it("reports a quote left open at the end of the file", async () => {
    const r = await readOrderLinesCsv(csv("order,customer,product,date", '1,c,"p1,2011-01-01'), {
      order: "order",
      customer: "customer",
      product: "product",
      date: "date",
    });
    expect(r.rejected).toEqual([{ line: 2, code: "unterminated_quote", reason: expect.stringContaining("Line 2: a quoted value opens here") }]);
  });

  it("reads streams chunk by chunk (a CRLF split across chunks counts once)", async () => {
    const text = "order,customer,product,date\r\n1,c,p1,2011-01-01\r\n2,c,p2,2011-01-02\r\n";
    const chunks = [text.slice(0, 29), text.slice(29, 31), text.slice(31)].map((s) => Buffer.from(s)); // first chunk ends on \r
    const r = await readOrderLinesCsv(Readable.from(chunks), { order: "order", customer: "customer", product: "product", date: "date" });
    expect(r.rows.map((x) => [x.line, x.product])).toEqual([
      [2, "p1"],
      [3, "p2"],
    ]);
  });

  it("rejects files that are not CSV", async () => {
    const zip = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0]);
    await expect(readOrderLinesCsv(zip, mapping)).rejects.toMatchObject({ code: "not_csv" });
    await expect(readOrderLinesCsv(Buffer.from([1, 2, 0, 4]), mapping)).rejects.toMatchObject({ code: "not_csv" });
    await expect(readOrderLinesCsv(Buffer.alloc(0), mapping)).rejects.toMatchObject({ code: "empty_file" });
    await expect(readOrderLinesCsv(Buffer.from("x".repeat(100)), mapping, { maxRecordChars: 50 })).rejects.toMatchObject({ code: "not_csv" });
  });

  it("reports a damaged gzip file", async () => {
    const gz = gzipSync(Buffer.from("order,customer,product,date\n" + "1,c,p,2011-01-01\n".repeat(1000)));
    const simple = { order: "order", customer: "customer", product: "product", date: "date" };
    await expect(readOrderLinesCsv(gz.subarray(0, gz.length / 2), simple)).rejects.toMatchObject({ code: "corrupt_file" });
  });

  it("explains a header read as a single column", async () => {
    const error = await readOrderLinesCsv(csv("Order:Customer:Product:Date", "1:c:p:2011-01-01"), {
      order: "Order",
      customer: "Customer",
      product: "Product",
      date: "Date",
    }).catch((e: Error) => e);
    expect((error as Error).message).toContain("The header was read as a single column");
  });

  it("keeps exact counts when issues exceed the report limit", async () => {
    const lines = ["order,customer,product,date", ...Array.from({ length: 5 }, (_, n) => `${n},c,p,never`)];
    const r = await readOrderLinesCsv(csv(...lines), { order: "order", customer: "customer", product: "product", date: "date" }, { maxIssues: 2 });
    expect(r.rejected.map((x) => x.line)).toEqual([2, 3]);
    expect(r.counts.bad_date).toBe(5);
    expect(r.issuesTruncated).toBe(true);
  });

  it("decodes UTF-16 files with a BOM", async () => {
    const text = "\uFEFForder\tcustomer\tproduct\tdate\n1\tc\tcafé\t2011-01-01\n";
    const r = await readOrderLinesCsv(Buffer.from(text, "utf16le"), { order: "order", customer: "customer", product: "product", date: "date" });
    expect(r.rows[0]).toMatchObject({ product: "café", line: 2 });
  });
});

describe("a file's date order", () => {
  const lines = (...dates: string[]) => csv(HEADER, ...dates.map((d, i) => `5363${i},85123A,HEART,1,${d},2.55,17850.0,United Kingdom`));

  it("is decided by the file's first date that reads only one way, for the lines before it too", async () => {
    const r = await readOrderLinesCsv(lines("05/01/2011 10:00", "06/01/2011 10:00", "25/01/2011 10:00", "07/02/2011 10:00"), mapping);
    expect(r.dateOrder).toBe("day_first");
    expect(r.dateOrderLine).toBe(4);
    expect(r.rows.map((row) => new Date(row.date).toISOString().slice(0, 10))).toEqual(["2011-01-05", "2011-01-06", "2011-01-25", "2011-02-07"]);
    // The lines keep the file's order.
    expect(r.rows.map((row) => row.line)).toEqual([2, 3, 4, 5]);
  });

  it("reads a month-first file month first, and a file that never says month first", async () => {
    const us = await readOrderLinesCsv(lines("05/01/2011", "01/25/2011", "02/07/2011"), mapping);
    expect(us.dateOrder).toBe("month_first");
    expect(us.rows.map((row) => new Date(row.date).toISOString().slice(0, 10))).toEqual(["2011-05-01", "2011-01-25", "2011-02-07"]);
    const unknown = await readOrderLinesCsv(lines("05/01/2011", "2011-03-04"), mapping);
    expect(unknown).toMatchObject({ dateOrder: "month_first", dateOrderLine: null });
    expect(new Date(unknown.rows[0].date).toISOString().slice(0, 10)).toBe("2011-05-01");
  });

  it("rejects a date written the other way round from the rest of the file, with the line that decided", async () => {
    const r = await readOrderLinesCsv(lines("25/01/2011", "01/26/2011", "03/02/2011"), mapping);
    expect(r.rows.map((row) => row.line)).toEqual([2, 4]);
    expect(r.rejected).toEqual([
      {
        line: 3,
        code: "bad_date",
        reason: `Line 3: date "01/26/2011" puts the month first, but the file's dates put the day first (line 2): a file must write every date the same way.`,
      },
    ]);
  });

  it("follows the caller when told", async () => {
    const r = await readOrderLinesCsv(lines("05/01/2011", "06/01/2011"), mapping, { dayFirst: true });
    expect(r.dateOrder).toBe("day_first");
    expect(r.rows.map((row) => new Date(row.date).toISOString().slice(0, 10))).toEqual(["2011-01-05", "2011-01-06"]);
  });
});
