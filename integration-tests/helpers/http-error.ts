/** A request's error answer as `{ status, type, message }`; fails the test when it answered 2xx. */
export async function errorOf(request: Promise<unknown>) {
  const error: any = await request.catch((e) => e)
  expect(error.response).toBeDefined()
  return { status: error.response.status, ...error.response.data }
}
