/**
 * Every provider-wide setting: its stack config key, the environment variables read when the
 * key is not set (in order), whether it is secret, and what it means. The README's configuration
 * table is checked against this list by a test.
 */
export interface SettingSpec {
  /** Key under the `huaweicloud-jobs:` config namespace, for example `region`. */
  readonly key: string;
  /** Key of the same meaning in the Huawei Cloud Pulumi provider (`huaweicloud:<key>`), if any. */
  readonly huaweicloudKey?: string;
  readonly env: readonly string[];
  readonly secret: boolean;
  readonly meaning: string;
}

/** Namespace of this package's stack config keys. */
export const configNamespace = "huaweicloud-jobs";

const spec = <const T extends readonly SettingSpec[]>(list: T): T => list;

/** The settings, in the order the README lists them. */
export const settingSpecs = spec([
  {
    key: "region",
    huaweicloudKey: "region",
    env: ["HW_REGION_NAME", "OS_REGION_NAME", "HUAWEICLOUD_SDK_REGION"],
    secret: false,
    meaning: "Region, for example ap-southeast-1 or eu-de; builds the default endpoints.",
  },
  {
    key: "projectId",
    huaweicloudKey: "projectId",
    env: ["HW_PROJECT_ID", "OS_PROJECT_ID", "HUAWEICLOUD_SDK_PROJECT_ID"],
    secret: false,
    meaning: "Project id; when absent it is looked up through IAM by the region name.",
  },
  {
    key: "cloud",
    huaweicloudKey: "cloud",
    env: ["HW_CLOUD"],
    secret: false,
    meaning: "Domain suffix: myhuaweicloud.com (default), myhuaweicloud.eu or otc.t-systems.com.",
  },
  {
    key: "accessKey",
    huaweicloudKey: "accessKey",
    env: ["HW_ACCESS_KEY", "OS_ACCESS_KEY", "HUAWEICLOUD_SDK_AK"],
    secret: true,
    meaning: "Access key id for AK/SK request signing.",
  },
  {
    key: "secretKey",
    huaweicloudKey: "secretKey",
    env: ["HW_SECRET_KEY", "OS_SECRET_KEY", "HUAWEICLOUD_SDK_SK"],
    secret: true,
    meaning: "Secret access key for AK/SK request signing.",
  },
  {
    key: "securityToken",
    huaweicloudKey: "securityToken",
    env: ["HW_SECURITY_TOKEN", "OS_SECURITY_TOKEN", "HUAWEICLOUD_SDK_SECURITY_TOKEN"],
    secret: true,
    meaning: "Security token that comes with temporary AK/SK credentials.",
  },
  {
    key: "authToken",
    env: ["HW_AUTH_TOKEN", "OS_AUTH_TOKEN", "OS_TOKEN"],
    secret: true,
    meaning: "An IAM token to send as is (X-Auth-Token); it cannot be renewed when it expires.",
  },
  {
    key: "userName",
    huaweicloudKey: "user",
    env: ["HW_USER_NAME", "OS_USERNAME"],
    secret: false,
    meaning: "IAM user name for password login (a token is fetched and renewed on expiry).",
  },
  {
    key: "password",
    huaweicloudKey: "password",
    env: ["HW_PASSWORD", "OS_PASSWORD"],
    secret: true,
    meaning: "IAM user password for password login.",
  },
  {
    key: "domainName",
    huaweicloudKey: "domainName",
    env: ["HW_DOMAIN_NAME", "OS_DOMAIN_NAME", "OS_USER_DOMAIN_NAME"],
    secret: false,
    meaning: "Account (domain) name of the IAM user, for password login.",
  },
  {
    key: "iamEndpoint",
    huaweicloudKey: "authUrl",
    env: ["HW_IAM_ENDPOINT", "HW_AUTH_URL", "OS_AUTH_URL"],
    secret: false,
    meaning: "IAM endpoint; a trailing /v3 is accepted. Default from the cloud and region.",
  },
  {
    key: "drsEndpoint",
    env: ["HW_DRS_ENDPOINT"],
    secret: false,
    meaning: "DRS endpoint override (private endpoint, proxy, local emulator).",
  },
  {
    key: "dliEndpoint",
    env: ["HW_DLI_ENDPOINT"],
    secret: false,
    meaning: "DLI endpoint override (private endpoint, proxy, local emulator).",
  },
] as const);

/** Name of one setting. */
export type SettingKey = (typeof settingSpecs)[number]["key"];
