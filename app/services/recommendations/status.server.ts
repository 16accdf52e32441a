/** The recommendations feature as the dashboard summarises it. */
export async function recommendationsStatus(_shopId: string): Promise<{ state: "not_trained" | "training" | "live"; detail: string }> {
  return { state: "not_trained", detail: "Recommendations train after the first import." };
}
