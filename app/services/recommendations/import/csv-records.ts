// A streaming RFC 4180 record reader that survives hostile files.
//
// Why not csv-parse (which the app also depends on)? Merchants need every
// rejected record named by the physical line it starts on, through quoted
// newlines, and a single oversized or unterminated record must cost that
// record, not the file: csv-parse 7 ends the whole parse on
// CSV_MAX_RECORD_SIZE, and reports the line a record ends on. This reader:
//   - splits physical lines on \n, \r\n or a lone \r (old spreadsheet
//     exports), and numbers them from 1 (the header);
//   - takes the fast path (String.split) for lines without a quote;
//   - parses quotes per RFC 4180 ("" is a literal quote; a quoted field may
//     span lines; a stray quote inside an unquoted field is kept as text);
//   - rejects a record longer than `maxRecordChars` (including one whose
//     quote never closes) and resumes at the next physical line.

export interface CsvRecord {
  fields: string[];
  /** Physical line (1-based) the record starts on. */
  line: number;
}

export interface CsvOversize {
  line: number;
  /** True when the record was still inside a quoted field. */
  inQuotes: boolean;
}

export interface CsvRecordReaderOptions {
  delimiter: string;
  maxRecordChars: number;
  onRecord: (record: CsvRecord) => void;
  onOversize: (info: CsvOversize) => void;
}

export class CsvRecordReader {
  private pending = "";
  private lineNo = 0;
  /** Record in progress when a quoted field spans lines. */
  private fields: string[] = [];
  private field = "";
  private inQuotes = false;
  private recordLine = 0;
  private recordChars = 0;
  /** Discarding the rest of an oversized physical line. */
  private skippingLine = false;
  private sawCR = false;

  constructor(private readonly options: CsvRecordReaderOptions) {
    if (options.delimiter.length !== 1 || /["\r\n]/.test(options.delimiter))
      throw new RangeError("The delimiter must be one character other than a quote or newline");
  }

  /** Feed decoded text. */
  push(text: string): void {
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 /* \n */) {
        if (this.sawCR && i === start && this.pending.length === 0) {
          // the \n of a \r\n split across calls or lines
          this.sawCR = false;
          start = i + 1;
          continue;
        }
        this.sawCR = false;
        this.endLine(text, start, i);
        start = i + 1;
      } else if (c === 13 /* \r */) {
        this.endLine(text, start, i);
        if (text.charCodeAt(i + 1) === 10) i++;
        else this.sawCR = i + 1 === text.length;
        start = i + 1;
      }
    }
    if (start < text.length) {
      this.sawCR = false;
      if (this.skippingLine) return;
      this.pending += text.slice(start);
      if (this.pending.length + this.recordChars > this.options.maxRecordChars) this.oversize();
    }
  }

  /** Flush the last line and report an unterminated quoted field. */
  end(): void {
    if (this.pending.length > 0) this.endLine("", 0, 0);
    else if (this.skippingLine) this.skippingLine = false;
    if (this.inQuotes) {
      this.options.onOversize({ line: this.recordLine, inQuotes: true });
      this.resetRecord();
    }
  }

  get linesRead(): number {
    return this.lineNo;
  }

  private oversize(): void {
    this.options.onOversize({ line: this.inQuotes ? this.recordLine : this.lineNo + 1, inQuotes: this.inQuotes });
    this.pending = "";
    this.resetRecord();
    this.skippingLine = true;
  }

  private resetRecord(): void {
    this.fields = [];
    this.field = "";
    this.inQuotes = false;
    this.recordChars = 0;
  }

  private endLine(text: string, start: number, end: number): void {
    this.lineNo++;
    if (this.skippingLine) {
      this.skippingLine = false;
      this.pending = "";
      return;
    }
    const line = this.pending.length ? this.pending + text.slice(start, end) : text.slice(start, end);
    this.pending = "";
    if (line.length + this.recordChars > this.options.maxRecordChars) {
      this.options.onOversize({ line: this.inQuotes ? this.recordLine : this.lineNo, inQuotes: this.inQuotes });
      this.resetRecord();
      return;
    }
    if (!this.inQuotes) {
      this.recordLine = this.lineNo;
      if (line.indexOf('"') < 0) {
        if (line.length > 0) this.options.onRecord({ fields: line.split(this.options.delimiter), line: this.lineNo });
        return;
      }
    } else {
      this.field += "\n";
    }
    this.recordChars += line.length + 1;
    this.parseQuoted(line);
    if (!this.inQuotes) {
      this.fields.push(this.field);
      this.options.onRecord({ fields: this.fields, line: this.recordLine });
      this.resetRecord();
    }
  }

  /** Character-level parse of one physical line, continuing any open quoted field. */
  private parseQuoted(line: string): void {
    const d = this.options.delimiter;
    let field = this.field;
    let i = 0;
    let atFieldStart = !this.inQuotes && field.length === 0;
    while (i < line.length) {
      const ch = line[i];
      if (this.inQuotes) {
        if (ch === '"') {
          if (line[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          this.inQuotes = false;
          i++;
          continue;
        }
        const next = line.indexOf('"', i);
        const stop = next < 0 ? line.length : next;
        field += line.slice(i, stop);
        i = stop;
        continue;
      }
      if (ch === d) {
        this.fields.push(field);
        field = "";
        atFieldStart = true;
        i++;
        continue;
      }
      if (ch === '"' && atFieldStart) {
        this.inQuotes = true;
        atFieldStart = false;
        i++;
        continue;
      }
      // Unquoted text (also text after a closing quote: `"a"b` reads as `ab`).
      atFieldStart = false;
      field += ch;
      i++;
    }
    this.field = field;
  }
}

/**
 * Guess the delimiter from the header line: the candidate that splits it into
 * the most fields outside quotes (comma when nothing splits it).
 */
export function sniffDelimiter(headerLine: string): string {
  const candidates = [",", ";", "\t", "|"];
  let best = ",";
  let bestCount = 0;
  for (const c of candidates) {
    let count = 0;
    let quoted = false;
    for (const ch of headerLine) {
      if (ch === '"') quoted = !quoted;
      else if (ch === c && !quoted) count++;
    }
    if (count > bestCount) {
      best = c;
      bestCount = count;
    }
  }
  return best;
}
