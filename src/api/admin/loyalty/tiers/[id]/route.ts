import { recordItemRoutes } from "../../../../utils/program-record-routes"

export const { GET, POST, DELETE } = recordItemRoutes("tier")
