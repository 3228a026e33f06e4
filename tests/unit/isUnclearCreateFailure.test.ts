import { DliRefusedError } from "../../provider/dli/DliRefusedError";
import { HuaweiApiError, UnexpectedAnswerError } from "../../provider/http/HuaweiApiError";
import { isUnclearCreateFailure } from "../../provider/resources/createDliJobOnce";

const api = "DLI create SQL job";
const failed = (httpStatus: number, errorCode?: string) =>
  new HuaweiApiError({ api, httpStatus, ...(errorCode === undefined ? {} : { errorCode }) });

describe("isUnclearCreateFailure", () => {
  it("leaves open that the job was made when no answer came, a 5xx came, or the answer was unreadable", () => {
    for (const error of [
      failed(0),
      failed(500),
      failed(502),
      failed(504),
      new UnexpectedAnswerError(api, "job: missing"),
    ])
      expect(isUnclearCreateFailure(error)).toBe(true);
  });

  it("takes refusals as final: 4xx, throttling, auth failures and is_success false", () => {
    for (const error of [
      failed(400, "DLI.0001"),
      failed(401, "APIG.0301"),
      failed(403),
      failed(429, "APIG.0308"),
      new DliRefusedError(api, "queue not found"),
      new Error("anything else"),
    ])
      expect(isUnclearCreateFailure(error)).toBe(false);
  });
});
