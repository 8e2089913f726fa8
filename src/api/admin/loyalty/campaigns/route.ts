import { recordCollectionRoutes } from "../../../utils/program-record-routes"

export const { GET, POST } = recordCollectionRoutes("campaign")
