import { z } from "zod";
import type { Authenticator } from "../http/ApiConnection";
import { parseAnswer } from "../http/callApi";
import { requestJson } from "../http/requestJson";

/** Where IAM is and how to authenticate to it (no project: listing projects is account-wide). */
export interface IamConnection {
  /** IAM base URL without `/v3`, for example `https://iam.ap-southeast-1.myhuaweicloud.com`. */
  readonly endpoint: string;
  readonly auth: Authenticator;
  /** Retries stop at this instant (epoch ms). */
  readonly deadline?: number | undefined;
}

/** Answer of `GET /v3/projects`. Unknown fields are kept. */
export const iamProjectsAnswer = z.looseObject({
  projects: z.array(
    z.looseObject({
      id: z.string().min(1),
      name: z.string().optional(),
    }),
  ),
});

/**
 * Finds the id of the project named after `region` (`GET /v3/projects?name={region}`), for
 * credentials that come without a project id. Throws naming the region and the IAM endpoint when
 * the account has no such project.
 */
export async function findProjectId(iam: IamConnection, region: string): Promise<string> {
  const api = "IAM list projects";
  const res = await requestJson({
    api,
    method: "GET",
    endpoint: iam.endpoint,
    path: "/v3/projects",
    query: { name: region },
    auth: iam.auth,
    idempotent: true,
    deadline: iam.deadline,
  });
  const { projects } = parseAnswer(api, iamProjectsAnswer, res.body);
  // IAM filters by name already; a project named otherwise would only come from a server that
  // ignored the filter, and using it would send every call to the wrong region's project.
  const project = projects.find((p) => p.name === undefined || p.name === region);
  if (project === undefined) {
    throw new Error(
      `IAM at ${iam.endpoint} knows no project named "${region}" for ${iam.auth.description}: ` +
        "check the region name, or give the project id explicitly",
    );
  }
  return project.id;
}
