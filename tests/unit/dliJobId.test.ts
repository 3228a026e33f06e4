import { checkDliJobId, dliJobIdToJson, isDliJobId } from "../../provider/dli/dliJobId";
import { stringifyJson } from "../../provider/http/losslessJson";

describe("DLI job ids", () => {
  it.each(["1", "12", "9007199254740993", "9223372036854775807"])("accepts %s", (id) => {
    expect(isDliJobId(id)).toBe(true);
    expect(checkDliJobId(id)).toBe(id);
  });

  it.each([
    "9223372036854775808",
    "99999999999999999999",
    "0",
    "-5",
    "+5",
    "007",
    "1.0",
    "1e3",
    "0x1f",
    "12 ",
    "",
    "١٢",
  ])("rejects %j", (id) => {
    expect(isDliJobId(id)).toBe(false);
    expect(() => checkDliJobId(id)).toThrow(RangeError);
  });

  it("rejects values that are not strings, even whole numbers", () => {
    expect(isDliJobId(12)).toBe(false);
    expect(() => checkDliJobId(12)).toThrow(/DLI job id number is not/);
  });

  it("writes an id as an exact JSON number", () => {
    expect(stringifyJson({ job_ids: [dliJobIdToJson("9223372036854775807"), dliJobIdToJson("12")] })).toBe(
      '{"job_ids":[9223372036854775807,12]}',
    );
  });

  it("refuses to convert an invalid id", () => {
    expect(() => dliJobIdToJson("9223372036854775808")).toThrow(RangeError);
  });
});
