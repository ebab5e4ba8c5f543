import { describe, expect, it } from "vitest";
import { pageOf } from "../../src/core/paging.js";

const letters = [..."abcdefghijklmnopqrstuvw"]; // 23 items

describe("pageOf, the paging of /stories and /feeds", () => {
  it("cuts the asked page and says where it starts", () => {
    const third = pageOf(letters, 3, 10, "stories");
    expect(third).toMatchObject({ items: ["u", "v", "w"], page: 3, pages: 3, offset: 20 });
  });

  it("offers Prev and Next that turn the message in place, greyed out at either end", () => {
    const [first] = pageOf(letters, 1, 10, "feeds").buttons;
    expect(first!.map((b) => [b.label, b.disabled, b.action])).toEqual([
      ["◀ Prev", true, { command: "feeds", options: { page: 1 }, inPlace: true }],
      ["Next ▶", false, { command: "feeds", options: { page: 2 }, inPlace: true }],
    ]);
    const [last] = pageOf(letters, 3, 10, "feeds").buttons;
    expect(last!.map((b) => b.disabled)).toEqual([false, true]);
  });

  it("shows no buttons when everything fits, and an empty list is one empty page", () => {
    expect(pageOf(letters.slice(0, 10), 1, 10, "stories").buttons).toEqual([]);
    expect(pageOf([], 1, 10, "stories")).toMatchObject({ items: [], pages: 1, buttons: [] });
  });

  it("refuses a page past the end, naming how many there are", () => {
    expect(() => pageOf(letters, 4, 10, "stories")).toThrow("Page 4 is out of range: there are 3 pages.");
    expect(() => pageOf([], 2, 10, "stories")).toThrow("there is 1 page");
  });
});
