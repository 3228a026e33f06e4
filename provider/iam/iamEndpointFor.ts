/** Domain suffix of Huawei Cloud's main site, the default cloud. */
export const defaultCloud = "myhuaweicloud.com";

const dnsLabels = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

/**
 * IAM endpoint (origin only, no `/v3`) of a cloud, given its domain suffix (`HW_CLOUD`), for
 * example `https://iam.ap-southeast-1.myhuaweicloud.com` or `https://iam.eu-de.otc.t-systems.com`.
 * With a region it is the regional endpoint; without one only Huawei Cloud's global
 * `https://iam.myhuaweicloud.com` exists, so other clouds need the region.
 */
export function iamEndpointFor(cloud: string, region?: string): string {
  const suffix = cloud
    .trim()
    .toLowerCase()
    .replace(/^\.+|\.+$/g, "");
  if (!dnsLabels.test(suffix)) throw new Error(`Cloud domain "${cloud}" is not a host name suffix`);
  if (region === undefined || region === "") {
    if (suffix !== defaultCloud) {
      throw new Error(`The IAM endpoint of cloud "${cloud}" depends on the region; give the region`);
    }
    return `https://iam.${suffix}`;
  }
  if (!dnsLabels.test(region)) throw new Error(`Region "${region}" is not a valid region name`);
  return `https://iam.${region}.${suffix}`;
}

/**
 * The IAM base URL to give {@link findProjectId} and the token authenticator, from an auth URL as
 * users write it (`HW_AUTH_URL`, `OS_AUTH_URL`): a trailing `/v3` and slashes are dropped, and a
 * default port disappears. Any other path is refused, because IAM calls use absolute paths.
 */
export function iamBaseUrl(authUrl: string): string {
  let url: URL;
  try {
    url = new URL(authUrl.trim());
  } catch {
    throw new Error(`IAM auth URL "${authUrl}" is not a URL`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new Error(`IAM auth URL "${authUrl}" must start with https://`);
  }
  if (!/^(\/v3)?\/*$/.test(url.pathname) || url.search !== "" || url.hash !== "") {
    throw new Error(`IAM auth URL "${authUrl}" may only have the path /v3 after the host`);
  }
  return url.origin;
}
